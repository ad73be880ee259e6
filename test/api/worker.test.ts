// The library's in-process Worker: jobs as functions (or a jobs folder), typed 'done' and
// 'failed' events, start and stop, its options; against the real embedded server (or, with
// AFTER_TEST_COUCH_URL, a real CouchDB 3.x).
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { connect, ConfigError, DatabaseUnavailableError, JobsFolderError, TaskFailedError, Worker, type AfterClient, type TaskDoc } from '../../lib/index';
import { freePort } from '../support/free-port';
import { writeRecordingJobs } from '../support/recording-jobs';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { openTestCouch, type TestCouch } from '../support/test-couch';

interface Seen {
  event: 'done' | 'failed';
  id: string;
  value: unknown;
  task: TaskDoc;
}

describe('library Worker: in-process jobs with typed events (real database)', function () {
  this.timeout(60_000);
  let couch: TestCouch;
  let db: string;
  let tasks: AfterClient;
  const running: Worker[] = [];
  let counter = 0;
  const name = (): string => `inproc${(counter += 1)}`;

  before(async () => {
    couch = await openTestCouch();
    db = await couch.newDatabase('api_worker');
    tasks = await connect({ url: couch.url, db });
  });

  after(async () => {
    for (const worker of running) await worker.stop();
    await couch?.close();
  });

  function started(worker: Worker): Promise<Worker> {
    running.push(worker);
    return worker.start().then(() => worker);
  }

  function record(worker: Worker): Seen[] {
    const seen: Seen[] = [];
    worker.on('done', (id, result, task) => { seen.push({ event: 'done', id, value: result, task }); });
    worker.on('failed', (id, err, task) => { seen.push({ event: 'failed', id, value: err, task }); });
    return seen;
  }

  it('runs jobs given as functions, promise and EventEmitter style, and tells done and failed with the task as written', async () => {
    const lines: string[] = [];
    const worker = new Worker({
      url: couch.url, db, name: name(), log: (line) => lines.push(line), jobs: {
        hello: async (task) => `Hello, ${task.job.arguments[0]}`,
        emitter: (task) => { setTimeout(() => task.emit('done', { emitted: task.id }), 5); },
        boom: () => { throw new Error('it broke'); },
      },
    });
    const seen = record(worker);
    await started(worker);
    const hello = await tasks.submit({ worker: worker.name, date: new Date(), job: { name: 'hello', arguments: ['x'] } });
    const emitter = await tasks.submit({ worker: worker.name, date: new Date(), job: 'emitter' });
    const boom = await tasks.submit({ worker: worker.name, date: new Date(), job: 'boom', retry: { limit: 1, interval: 1000 } });
    await tasks.wait(hello);
    await tasks.wait(emitter);
    await tasks.wait(boom).catch(() => {});

    const of = (id: string): Seen[] => seen.filter((event) => event.id === id);
    // An event comes once the worker has its write's answer; a client reading through another
    // node of a cluster can see the written status before that.
    await waitUntil(async () => of(hello).length + of(emitter).length + of(boom).length >= 4);
    expect(of(hello).map(({ event, value, task }) => [event, value, task.status, task.result])).to.deep.equal([['done', 'Hello, x', 'done', 'Hello, x']]);
    expect(of(emitter).map(({ event, value }) => [event, value])).to.deep.equal([['done', { emitted: emitter }]]);
    // A failure that will be retried is told too: the task as written is waiting for its retry.
    const failures = of(boom);
    expect(failures.map(({ event, task }) => [event, task.status])).to.deep.equal([['failed', 'waiting'], ['failed', 'error']]);
    for (const { value } of failures) {
      expect(value).to.be.instanceOf(TaskFailedError);
      expect((value as Error).message).to.equal(`task ${boom} failed: it broke`);
    }
    expect(lines.join('\n')).to.match(new RegExp(`worker '${worker.name}' started on http://[^:/@]+@127\\.0\\.0\\.1:\\d+/${db} with jobs: boom, emitter, hello`));
    const { username, password } = new URL(couch.url);
    expect(lines.join('\n')).not.to.include(`${username}:${password}@`);
  });

  it('once and off: a listener removed hears nothing; one that throws is logged, and the listeners after it and the worker go on', async () => {
    const lines: string[] = [];
    const worker = new Worker({ url: couch.url, db, name: name(), log: (line) => lines.push(line), jobs: { ok: () => 'ok' } });
    let onceCalls = 0;
    let offCalls = 0;
    const removed = (): void => { offCalls += 1; };
    worker.once('done', () => { onceCalls += 1; });
    worker.on('done', removed).off('done', removed);
    worker.on('done', () => { throw new Error('listener bug'); });
    let afterThrowCalls = 0;
    worker.on('done', () => { afterThrowCalls += 1; });
    await started(worker);
    const first = await tasks.submit({ worker: worker.name, date: new Date(), job: 'ok' });
    await tasks.wait(first);
    const second = await tasks.submit({ worker: worker.name, date: new Date(), job: 'ok' });
    expect((await tasks.wait(second, { timeoutMs: 30_000 })).result).to.equal('ok');
    // The events come once the worker has its write's answer (see above).
    await waitUntil(async () => lines.filter((line) => line.includes('listener bug')).length >= 2);
    expect([onceCalls, offCalls, afterThrowCalls]).to.deep.equal([1, 0, 2]);
    expect(lines.filter((line) => line.includes('listener bug'))).to.deep.equal([
      `a listener of task ${first}'s outcome threw: listener bug`, `a listener of task ${second}'s outcome threw: listener bug`,
    ]);
  });

  it('takes a jobs folder as `after start --jobs` does', async () => {
    const dir = makeTempDir('after-api-jobs-');
    try {
      const worker = new Worker({ url: couch.url, db, name: name(), jobs: writeRecordingJobs(path.join(dir, 'jobs')) });
      await started(worker);
      const id = await tasks.submit({ worker: worker.name, date: new Date(), job: { name: 'sum', arguments: [1, 2, 3] } });
      expect((await tasks.wait(id, { timeoutMs: 30_000 })).result).to.equal(6);
    } finally {
      removeTempDir(dir);
    }
  });

  it('stop hands back what it holds; a Worker starts once; stop before start does nothing', async () => {
    const worker = new Worker({ url: couch.url, db, name: name(), jobs: { ok: () => 'ok' } });
    await worker.stop();
    await started(worker);
    await worker.start().then(() => expect.fail('started twice'), (err: Error) => {
      expect(err.message).to.equal(`worker '${worker.name}' was started already; a Worker starts once`);
    });
    const id = await tasks.submit({ worker: worker.name, date: new Date(Date.now() + 60_000), job: 'ok' });
    await waitUntil(async () => (await tasks.get(id)).status === 'scheduled');
    await worker.stop();
    expect((await tasks.get(id)).status).to.equal('waiting');
  });

  it('stop ends a start that waits for an unreachable database: the start rejects with the reason', async () => {
    const port = await freePort();
    const worker = new Worker({ url: `http://after:Secret-pw@127.0.0.1:${port}`, db, name: name(), jobs: {} });
    const start = worker.start().then(() => expect.fail('started'), (err: Error) => err);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await worker.stop();
    const err = await start;
    expect(err).to.be.instanceOf(DatabaseUnavailableError);
    expect(err.message).to.equal(`database http://after@127.0.0.1:${port}/${db} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('a program ends once its Worker has stopped: no timer of the stop keeps it alive for the grace period', async () => {
    const script = `
      const { Worker } = require(${JSON.stringify(path.resolve(__dirname, '..', '..', 'lib', 'index.js'))});
      const w = new Worker({ url: process.argv[1], db: process.argv[2], name: 'ends', jobs: {}, stopGraceMs: 20000 });
      w.start().then(() => w.stop()).then(() => console.log('stopped'), (err) => { console.error(err); process.exit(1); });`;
    const started = Date.now();
    const child = spawn(process.execPath, ['-e', script, couch.url, db], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    const timer = setTimeout(() => process.kill(child.pid as number, 'SIGKILL'), 30_000);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    expect([code, stdout]).to.deep.equal([0, 'stopped\n']);
    expect(Date.now() - started).to.be.below(10_000);
  });

  it('refuses options it cannot use, with one line naming the option', () => {
    const base = { url: couch.url, db, name: 'w', jobs: {} };
    const cases: Array<[object, new (message: string) => Error, string]> = [
      [{ name: '' }, ConfigError, 'option name "" is not a worker name; use a non-empty string such as "billing"'],
      [{ concurrency: 0 }, ConfigError, 'option concurrency 0 is not a whole number >= 1'],
      [{ leaseMs: 10 }, ConfigError, 'option leaseMs 10 is not a whole number >= 1000'],
      [{ url: 'http//nope' }, ConfigError, 'option url is not a URL; use http://user:password@host:5984'],
      [{ ttl: 0 }, ConfigError, 'option ttl 0 is not a delay; use a number of milliseconds > 0, a duration object such as {"seconds": 30}, or an ISO 8601 duration such as PT30S'],
      [{ jobs: { hello: 'world' } }, JobsFolderError, 'job \'hello\' is a string ("world"); each job must be a function that takes the task'],
      [{ jobs: '/no/such/folder' }, JobsFolderError, 'jobs folder /no/such/folder does not exist'],
    ];
    for (const [options, type, message] of cases) {
      expect(() => new Worker({ ...base, ...options } as never), JSON.stringify(options)).to.throw(type, message);
    }
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
