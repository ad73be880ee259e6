// `npm run demo`: the whole of After on one screen. Starts the embedded database and a
// worker as the real `bin/after` child processes, POSTs a task as curl would, prints each
// status the task goes through until `done`, and stops both processes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/config';
import { freePort } from '../net/free-port';
import { messageOf } from '../log';

const BIN = path.join(PROJECT_ROOT, 'bin', 'after');
const LOGIN = 'after';
const PASSWORD = 'after';
const WORKER = 'demo';

function start(args: string[], label: string): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer): string => chunk.toString().replace(/^(?=.)/gm, `  ${label} | `);
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function request(url: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const auth = Buffer.from(`${LOGIN}:${PASSWORD}`).toString('base64');
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Basic ${auth}`, ...(init.headers ?? {}) },
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

async function waitUntilUp(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null) throw new Error('the database exited before it was up');
    try {
      if ((await fetch(`${base}/_up`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the database did not come up within 20 s');
}

/** Follows one document through `_changes` and prints each status it takes, until a final one. */
async function followStatuses(db: string, id: string, since: unknown): Promise<Record<string, unknown>> {
  let last = '';
  for (;;) {
    const page = await request(`${db}/_changes?feed=longpoll&timeout=10000&include_docs=true&filter=_doc_ids&since=${encodeURIComponent(String(since))}`, {
      method: 'POST',
      body: JSON.stringify({ doc_ids: [id] }),
    });
    since = page.last_seq;
    for (const row of page.results as Array<{ doc: Record<string, unknown> }>) {
      const status = String(row.doc.status ?? 'waiting');
      if (status !== last) {
        console.log(`  task ${id}: ${status}`);
        last = status;
      }
      if (['done', 'error', 'canceled'].includes(status)) return row.doc;
    }
  }
}

async function main(): Promise<void> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'after-demo-'));
  const base = `http://127.0.0.1:${port}`;
  const db = `${base}/tasks`;
  const config = path.join(dir, 'config.json');
  fs.writeFileSync(config, JSON.stringify({ login: LOGIN, password: PASSWORD, host: '127.0.0.1', port, db: 'tasks', jobs: path.join(PROJECT_ROOT, 'jobs'), data_dir: path.join(dir, 'data') }));

  console.log(`1. after db --port ${port}   (the embedded CouchDB-compatible server; Fauxton at ${base}/_utils)`);
  const server = start(['db', '--config', config], 'db    ');
  const children = [server];
  try {
    await waitUntilUp(base, server);
    console.log(`2. after start ${WORKER}   (a worker for the tasks whose "worker" is "${WORKER}")`);
    const worker = start(['start', WORKER, '--config', config], 'worker');
    children.push(worker);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // Later than the worker's claim lead (CLAIM_AHEAD_MS), so the task is seen `scheduled` first.
    const date = new Date(Date.now() + 5000).toISOString();
    const task = { worker: WORKER, date, job: { name: 'hello', arguments: ['After'] } };
    console.log(`3. a task due in 5 s, posted as curl would:\n   curl -u ${LOGIN}:${PASSWORD} -H 'Content-Type: application/json' -X POST ${db} -d '${JSON.stringify(task)}'`);
    const since = (await request(db)).update_seq;
    const created = await request(db, { method: 'POST', body: JSON.stringify(task) });
    const done = await followStatuses(db, String(created.id), since);
    console.log(`4. the task as the worker left it:\n${JSON.stringify(done, null, 2).replace(/^/gm, '   ')}`);
    if (done.status !== 'done') process.exitCode = 1;
  } finally {
    for (const child of children.reverse()) await stop(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`demo: ${messageOf(err)}`);
  process.exit(1);
});
