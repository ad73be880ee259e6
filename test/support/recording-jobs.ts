// A temporary jobs folder whose jobs append a line to runs.log each time they start, so
// tests can count runs and see when each began.
import fs from 'node:fs';
import path from 'node:path';

export interface RecordedRun {
  job: string;
  id: string;
  date: string | number;
  at: number;
  /** The chain jobs' (addChainJobs): the previous step's result as the job got it (task.previous), and its step (task.doc.step). */
  previous?: unknown;
  step?: number;
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

// Jobs for chains, added to index.js's exports.
const CHAIN_INDEX = `
function recordStep(job, task) {
  const line = JSON.stringify({ job, id: task.id, date: task.date, at: Date.now(), previous: task.previous, step: task.doc.step });
  fs.appendFileSync(path.join(__dirname, 'runs.log'), line + '\\n');
}
function runsBefore(job, task) {
  const file = path.join(__dirname, 'runs.log');
  if (!fs.existsSync(file)) return 0;
  return fs.readFileSync(file, 'utf8').split('\\n').filter(Boolean).map((line) => JSON.parse(line))
    .filter((run) => run.job === job && run.id === task.id).length;
}
Object.assign(module.exports, {
  // the previous step's list (none for the first) with arguments[0] added
  async append(task) { recordStep('append', task); return (task.previous || []).concat([task.job.arguments[0]]); },
  // as append, but its first run for a task fails
  async flaky_append(task) {
    const before = runsBefore('flaky_append', task);
    recordStep('flaky_append', task);
    if (before === 0) throw new Error('flaky the first time');
    return (task.previous || []).concat([task.job.arguments[0]]);
  },
  // always fails
  async broken_step(task) { recordStep('broken_step', task); throw new Error('this step always fails'); },
});
`;

// An executable chain step: prints what the document on its stdin says of the chain, and its argv.
const STDIN_CHAIN = `#!${process.execPath}
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const doc = JSON.parse(input);
  process.stdout.write(JSON.stringify({ previous: doc.previous, step: doc.step, results: doc.results, argv: process.argv.slice(2) }) + '\\n');
});
`;

/** Adds to a folder of writeRecordingJobs the jobs of the chain tests: append, flaky_append, broken_step and the executable stdin_chain. */
export function addChainJobs(dir: string): void {
  fs.appendFileSync(path.join(dir, 'index.js'), CHAIN_INDEX);
  // No .js ending: a .js file of a jobs folder is its module side, never an executable job.
  fs.writeFileSync(path.join(dir, 'stdin_chain'), STDIN_CHAIN, { mode: 0o755 });
}

export function recordedRuns(dir: string): RecordedRun[] {
  const file = path.join(dir, 'runs.log');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as RecordedRun);
}

export function runsOf(dir: string, id: string): RecordedRun[] {
  return recordedRuns(dir).filter((run) => run.id === id);
}
