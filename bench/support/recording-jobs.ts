// The bench's jobs folder: one no-op job, `noop`, that records when it started. Each worker
// process opens its own file once and buffers the lines, flushing them a few times a second
// and when the process exits, so that recording costs the worker next to nothing.
import fs from 'node:fs';
import path from 'node:path';

/** One start of the no-op job, as recorded by the worker process that ran it. */
export interface StartRecord {
  id: string;
  /** When the job started (epoch ms, the worker's clock). */
  startMs: number;
  /** The task's `date` (epoch ms). */
  dateMs: number;
}

const STARTS_PREFIX = 'starts-';

const INDEX = `
const fs = require('fs');
const path = require('path');
const fd = fs.openSync(path.join(__dirname, '${STARTS_PREFIX}' + process.pid + '.log'), 'a');
let lines = [];
function flush() {
  if (lines.length === 0) return;
  fs.writeSync(fd, lines.join(''));
  lines = [];
}
setInterval(flush, 100).unref();
process.on('exit', flush);
module.exports = {
  noop(task) {
    lines.push(task.id + ' ' + Date.now() + ' ' + task.date + '\\n');
    return true;
  },
};
`;

export function writeRecordingJobs(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.js'), INDEX);
  return dir;
}

/** Every start recorded in `dir`, by every process that used it. */
export function readStarts(dir: string): StartRecord[] {
  const records: StartRecord[] = [];
  for (const file of fs.readdirSync(dir)) {
    if (!file.startsWith(STARTS_PREFIX)) continue;
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line === '') continue;
      const [id, start, date] = line.split(' ');
      const dateMs = /^\d+$/.test(date) ? Number(date) : Date.parse(date);
      records.push({ id, startMs: Number(start), dateMs });
    }
  }
  return records;
}
