// A temporary jobs folder whose jobs append a line to runs.log each time they start, so
// tests can count runs and see when each began.
import fs from 'node:fs';
import path from 'node:path';

export interface RecordedRun {
  job: string;
  id: string;
  date: string | number;
  at: number;
}

const INDEX = `
const fs = require('fs');
const path = require('path');
function record(job, task) {
  const line = JSON.stringify({ job, id: task.id, date: task.date, at: Date.now() });
  fs.appendFileSync(path.join(__dirname, 'runs.log'), line + '\\n');
}
module.exports = {
  // the seed's EventEmitter style
  record(task) { record('record', task); task.emit('done', { echoed: task.job.arguments }); },
  emits_error(task) { record('emits_error', task); setTimeout(() => task.emit('error', new Error('emitted failure')), 5); },
  // promise style
  async sum(task) { record('sum', task); return task.job.arguments.reduce((a, b) => a + b, 0); },
  async throws(task) { record('throws', task); throw new Error('it broke'); },
  async slow(task) {
    record('slow', task);
    await new Promise((resolve) => setTimeout(resolve, task.job.arguments[0]));
    return 'slow done';
  },
  async huge(task) { record('huge', task); return 'x'.repeat(task.job.arguments[0]); },
};
`;

export function writeRecordingJobs(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.js'), INDEX);
  // A script someone forgot to `chmod +x`: no job, and a task naming it is told why.
  fs.writeFileSync(path.join(dir, 'backup.sh'), '#!/bin/sh\necho backed up\n', { mode: 0o644 });
  return dir;
}

export function recordedRuns(dir: string): RecordedRun[] {
  const file = path.join(dir, 'runs.log');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as RecordedRun);
}

export function runsOf(dir: string, id: string): RecordedRun[] {
  return recordedRuns(dir).filter((run) => run.id === id);
}
