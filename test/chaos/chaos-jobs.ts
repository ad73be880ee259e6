// The chaos run's jobs folder: one job that notes its start and its end (with the pid of the
// process that ran it), so the report can tell a rerun after a crash from a double run. A start
// also notes the revision and lease (holder, end) it ran on, to match runs with the task's revision history.
import fs from 'node:fs';
import path from 'node:path';

const INDEX = `
const fs = require('fs');
const path = require('path');
const log = path.join(__dirname, 'events.log');
function note(event, task, extra) {
  fs.appendFileSync(log, JSON.stringify({ event, id: task.id, pid: process.pid, at: Date.now(), ...extra }) + '\\n');
}
module.exports = {
  async work(task) {
    const lease = task.doc.lease || {};
    note('start', task, { rev: task.doc._rev, lease: lease.by, leaseUntil: lease.until });
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 400));
    note('end', task);
    return 'worked';
  },
};
`;

export interface JobEvent {
  event: 'start' | 'end';
  id: string;
  pid: number;
  at: number;
  /** On a start: the revision the run started from. */
  rev?: string;
  /** On a start: the lease's holder in that revision. */
  lease?: string;
  /** On a start: the lease's end in that revision (ISO). */
  leaseUntil?: string;
}

export function writeChaosJobs(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.js'), INDEX);
  return dir;
}

export function readJobEvents(dir: string): JobEvent[] {
  const file = path.join(dir, 'events.log');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as JobEvent);
}
