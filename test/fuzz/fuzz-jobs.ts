// The fuzz run's jobs folder: `record` notes each run (task id, process) and succeeds, `fail`
// always fails, `huge` returns a result of the size it is given (over CouchDB's 8 MB limit at
// the top of its range).
import fs from 'node:fs';
import path from 'node:path';

const INDEX = `
const fs = require('fs');
const path = require('path');
const log = path.join(__dirname, 'runs.log');
module.exports = {
  async record(task) {
    fs.appendFileSync(log, JSON.stringify({ id: task.id, pid: process.pid }) + '\\n');
    return 'recorded';
  },
  async fail() { throw new Error('this job always fails'); },
  async huge(task) { return 'x'.repeat(Math.min(Number(task.job.arguments[0]) || 0, 10000000)); },
};
`;

export function writeFuzzJobs(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.js'), INDEX);
  return dir;
}

/** How many times `record` ran, per task id. */
export function recordedRuns(dir: string): Map<string, number> {
  const runs = new Map<string, number>();
  const file = path.join(dir, 'runs.log');
  if (!fs.existsSync(file)) return runs;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const { id } = JSON.parse(line) as { id: string };
    runs.set(id, (runs.get(id) ?? 0) + 1);
  }
  return runs;
}
