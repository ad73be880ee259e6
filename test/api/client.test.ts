// The library's client (connect): submit, wait, get, cancel, reschedule, retry and counts,
// against the real embedded server (or, with AFTER_TEST_COUCH_URL, a real CouchDB 3.x), with
// the library's in-process Worker serving one worker name.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import {
  connect, ConfigError, DatabaseUnavailableError, SetupNeededError, TaskFailedError, TaskInvalidError,
  TaskNotFoundError, TaskStatusError, WaitTimeoutError, Worker, type AfterClient,
} from '../../lib/index';
import { databaseOf } from '../../lib/api/client';
import type { TaskDoc } from '../../lib/task/types';
import { updateTask } from '../../lib/db/update-task';
import { freePort } from '../support/free-port';
import { TasksClient } from '../support/tasks-client';
import { openTestCouch, type TestCouch } from '../support/test-couch';

const inSeconds = (seconds: number): Date => new Date(Date.now() + seconds * 1000);

describe('library client: connect, submit, wait, get, cancel, reschedule, retry, counts (real database)', function () {
  this.timeout(60_000);
  let couch: TestCouch;
  let db: string;
  let tasks: AfterClient;
  let http: TasksClient;
  let worker: Worker;
  const SERVED = 'api';
  /** Runs of `flaky` by task id: it fails its first run and succeeds tasks. */
  const flakyRuns = new Map<string, number>();
  let counter = 0;
  /** A worker name no process serves, new for each test. */
  const idle = (): string => `idle${(counter += 1)}`;

  before(async () => {
    couch = await openTestCouch();
    db = await couch.newDatabase('api');
    worker = new Worker({
      url: couch.url, db, name: SERVED, jobs: {
        hello: async (task) => `Hello, ${task.job.arguments[0]}`,
        boom: async () => { throw new Error('it broke'); },
        flaky: (task) => {
          const runs = (flakyRuns.get(task.id) ?? 0) + 1;
          flakyRuns.set(task.id, runs);
          if (runs === 1) throw new Error(`run ${runs} fails`);
          return `run ${runs} works`;
        },
      },
    });
    await worker.start();
    tasks = await connect({ url: couch.url, db });
    http = new TasksClient(couch.url, db);
  });

  after(async () => {
    await worker?.stop();
    await couch?.close();
  });

  async function docCount(): Promise<number> {
    return Number((await http.request('GET', '')).body.doc_count);
  }

  describe('connect', () => {
    it('names the database without the password', () => {
      const { port } = new URL(couch.url);
      expect(tasks.where).to.match(new RegExp(`^http://[^:@/]+@127\\.0\\.0\\.1:${port}/${db}$`));
      if (couch.embedded) expect(tasks.where).not.to.include(`:${couch.embedded.password}@`);
    });

    it('refuses a URL that is none, an unreachable server (no password in the message) and a database that does not exist', async () => {
      await connect({ url: 'localhost:5984', db }).then(() => expect.fail('connected'), (err: Error) => {
        expect(err).to.be.instanceOf(ConfigError);
        expect(err.message).to.equal('option url must start with http:// or https://, not localhost://');
      });
      const port = await freePort();
      await connect({ url: `http://after:Secret-pw@127.0.0.1:${port}`, db }).then(() => expect.fail('connected'), (err: Error) => {
        expect(err).to.be.instanceOf(DatabaseUnavailableError);
        expect(err.message).to.equal(`database http://after@127.0.0.1:${port}/${db} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`);
      });
      await connect({ url: couch.url, db: 'not_there' }).then(() => expect.fail('connected'), (err: Error) => {
        expect(err).to.be.instanceOf(SetupNeededError);
        expect(err.message).to.match(/not_there or its design document _design\/after does not exist; run `after setup`/);
      });
    });
  });

  describe('submit and wait', () => {
    it('writes the task (a Date stored as ISO 8601) and wait resolves with the done document', async () => {
      const date = new Date();
      const id = await tasks.submit({ worker: SERVED, date, job: { name: 'hello', arguments: ['x'] }, mine: { kept: true } });
      const done = await tasks.wait(id, { timeoutMs: 30_000 });
      expect(done).to.deep.include({ _id: id, status: 'done', result: 'Hello, x', date: date.toISOString(), mine: { kept: true }, runs: 1 });
      expect(await tasks.get(id)).to.deep.equal(done);
    });

    it('a wait begun after the task ended resolves at once', async () => {
      const id = await tasks.submit({ worker: SERVED, date: new Date(), job: { name: 'hello', arguments: ['late'] } });
      await http.waitForStatus(id, 'done');
      const started = Date.now();
      expect((await tasks.wait(id)).result).to.equal('Hello, late');
      expect(Date.now() - started).to.be.below(2000);
    });

    it('refuses an invalid task with TaskInvalidError and the rules\' reason before writing anything', async () => {
      const before = await docCount();
      for (const [task, message] of [
        [{ worker: SERVED, date: 'tomorrow-ish', job: 'hello' }, /^date 'tomorrow-ish' is not ISO 8601/],
        [{ _id: 'refused-1', worker: '', date: new Date(), job: 'hello' }, /^worker '' is not a worker name/],
        [{ worker: SERVED, date: new Date(), job: 'hello', repeat: { foo: 3 } }, /^repeat \{"foo":3\} has unknown key 'foo'/],
        // The rules, then what they leave to the worker: a zone no zone has, by the same message.
        [{ worker: SERVED, date: new Date(), job: 'hello', repeat: { cron: '0 9 * * 8' } }, /^repeat\.cron '0 9 \* \* 8' has day-of-week '8'; use 0 to 7/],
        [{ worker: SERVED, date: new Date(), job: 'hello', repeat: { cron: '0 9 * * *', limit: 0 } }, /^repeat\.limit 0 is not a number of runs/],
        [{ worker: SERVED, date: new Date(), job: 'hello', tz: 'Mars/Olympus_Mons' }, /^tz 'Mars\/Olympus_Mons' is not a time zone; use an IANA zone name/],
      ] as const) {
        await tasks.submit(task as never).then(() => expect.fail('submitted'), (err: Error) => {
          expect(err).to.be.instanceOf(TaskInvalidError);
          expect(err.message).to.match(message);
        });
      }
      expect(await docCount()).to.equal(before);
      await tasks.get('refused-1').then(() => expect.fail('found'), (err: Error) => expect(err).to.be.instanceOf(TaskNotFoundError));
    });

    it('submits a cron repeat in a zone, and waits for one that ends (repeat.limit) until it is done', async () => {
      const id = await tasks.submit({
        worker: SERVED, date: new Date(), job: { name: 'hello', arguments: ['twice'] }, tz: 'Europe/Paris', repeat: { cron: '* * * * * *', limit: 2 },
      });
      const done = await tasks.wait(id, { timeoutMs: 30_000 });
      expect(done).to.include({ status: 'done', runs: 2, repeat_runs: 2, result: 'Hello, twice', tz: 'Europe/Paris' });
    });

    it('wait rejects with TaskFailedError carrying error.message when the task ends error', async () => {
      const id = await tasks.submit({ worker: SERVED, date: new Date(), job: 'boom' });
      const err = await tasks.wait(id, { timeoutMs: 30_000 }).then(() => expect.fail('resolved'), (failure: Error) => failure);
      expect(err).to.be.instanceOf(TaskFailedError);
      expect(err.message).to.equal(`task ${id} failed: it broke`);
      expect((err as TaskFailedError).task).to.deep.include({ _id: id, status: 'error' });
    });

    it('wait rejects with TaskFailedError when the task is canceled while it waits', async () => {
      const id = await tasks.submit({ worker: SERVED, date: inSeconds(60), job: 'hello' });
      await http.waitForStatus(id, 'scheduled');
      const waiting = tasks.wait(id).then(() => expect.fail('resolved'), (failure: Error) => failure);
      await tasks.cancel(id);
      const err = await waiting;
      expect(err).to.be.instanceOf(TaskFailedError);
      expect(err.message).to.equal(`task ${id} was canceled`);
    });

    it('wait rejects with WaitTimeoutError after timeoutMs; the task stays', async () => {
      const id = await tasks.submit({ worker: idle(), date: new Date(), job: 'hello' });
      const started = Date.now();
      const err = await tasks.wait(id, { timeoutMs: 500 }).then(() => expect.fail('resolved'), (failure: Error) => failure);
      expect(Date.now() - started).to.be.within(450, 5000);
      expect(err).to.be.instanceOf(WaitTimeoutError);
      expect(err.message).to.equal(`task ${id} did not finish within 0.5 s; it is waiting and stays in the database`);
      expect((await tasks.get(id)).status).to.equal('waiting');
    });

    it('wait stops when its signal aborts, and refuses a repeating task (it never ends after a run)', async () => {
      const id = await tasks.submit({ worker: idle(), date: new Date(), job: 'hello' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('enough')), 200);
      await tasks.wait(id, { signal: controller.signal }).then(() => expect.fail('resolved'), (err: Error) => expect(err.message).to.equal('enough'));
      const repeating = await tasks.submit({ worker: idle(), date: new Date(), job: 'hello', repeat: { days: 1 } });
      await tasks.wait(repeating).then(() => expect.fail('resolved'), (err: Error) => {
        expect(err).to.be.instanceOf(TaskStatusError);
        expect(err.message).to.equal(`task ${repeating} repeats, so it does not end after a run: there is nothing to wait for (it ends only when canceled, or with repeat.until or repeat.limit)`);
      });
    });
  });

  describe('get, cancel, reschedule, retry', () => {
    it('an unknown id is a TaskNotFoundError for each, quoting the id', async () => {
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['get', () => tasks.get('no-such-task')], ['cancel', () => tasks.cancel('no-such-task')],
        ['reschedule', () => tasks.reschedule('no-such-task', new Date())], ['retry', () => tasks.retry('no-such-task')],
        ['wait', () => tasks.wait('no-such-task')],
      ];
      for (const [name, call] of calls) {
        await call().then(() => expect.fail(`${name} resolved`), (err: Error) => {
          expect(err, name).to.be.instanceOf(TaskNotFoundError);
          expect(err.message, name).to.equal(`no task 'no-such-task' in database ${tasks.where}`);
          expect((err as TaskNotFoundError).id).to.equal('no-such-task');
        });
      }
    });

    it('cancel: an open task gets cancel and its worker marks it canceled; again, nothing is written', async () => {
      const id = await tasks.submit({ worker: SERVED, date: inSeconds(60), job: 'hello' });
      await http.waitForStatus(id, 'scheduled');
      expect((await tasks.cancel(id)).status).to.equal('cancel');
      const canceled = await http.waitForStatus(id, 'canceled');
      const again = await tasks.cancel(id);
      expect(again).to.deep.equal(canceled);
      expect((await tasks.get(id))._rev).to.equal(canceled._rev);
    });

    it('cancel of a task that ended done or error is a TaskStatusError, and the task is not touched', async () => {
      for (const job of ['hello', 'boom']) {
        const id = await tasks.submit({ worker: SERVED, date: new Date(), job });
        await tasks.wait(id).catch(() => {});
        const ended = await tasks.get(id);
        await tasks.cancel(id).then(() => expect.fail('canceled'), (err: Error) => {
          expect(err).to.be.instanceOf(TaskStatusError);
          expect(err.message).to.equal(`task ${id} has ended ${ended.status}: there is nothing to cancel (only a task that has not ended can be)`);
        });
        expect(await tasks.get(id)).to.deep.equal(ended);
      }
    });

    it('reschedule moves a scheduled task to its new date, where it runs; a date the rules refuse is a TaskInvalidError', async () => {
      const id = await tasks.submit({ worker: SERVED, date: '2030-01-01T00:00:00Z', job: { name: 'hello', arguments: ['moved'] } });
      await tasks.reschedule(id, 'next week').then(() => expect.fail('rescheduled'), (err: Error) => {
        expect(err).to.be.instanceOf(TaskInvalidError);
        expect(err.message).to.match(/^date 'next week' is not ISO 8601/);
      });
      const when = inSeconds(2);
      const written = await tasks.reschedule(id, when);
      expect(written).to.deep.include({ status: 'reschedule', date: when.toISOString() });
      const done = await tasks.wait(id, { timeoutMs: 30_000 });
      expect(done.result).to.equal('Hello, moved');
      expect(Date.parse(done.started_at as string)).to.be.at.least(when.getTime());
    });

    it('reschedule of a done task runs it again at its new date; its history grows', async () => {
      const id = await tasks.submit({ worker: SERVED, date: new Date(), job: { name: 'hello', arguments: ['twice'] } });
      await tasks.wait(id);
      await tasks.reschedule(id, Date.now());
      const again = await http.waitFor(id, (task) => task.status === 'done' && task.runs === 2, 30_000);
      expect(again.history).to.have.length(2);
    });

    it('retry runs a task that ended error again now, keeping its history; a done or open task is refused', async () => {
      const id = await tasks.submit({ worker: SERVED, date: new Date(), job: 'flaky' });
      await tasks.wait(id).then(() => expect.fail('resolved'), (err: Error) => expect(err.message).to.equal(`task ${id} failed: run 1 fails`));
      const retried = await tasks.retry(id);
      expect(retried).to.deep.include({ status: 'waiting', attempts: 0, fails: 0, runs: 1 });
      const done = await tasks.wait(id, { timeoutMs: 30_000 });
      expect(done).to.deep.include({ status: 'done', result: 'run 2 works', runs: 2 });
      expect((done.history ?? []).map((run) => run.outcome)).to.deep.equal(['error', 'done']);
      await tasks.retry(id).then(() => expect.fail('retried'), (err: Error) => {
        expect(err).to.be.instanceOf(TaskStatusError);
        expect(err.message).to.equal(`task ${id} is done; retry runs again a task that ended error or canceled (to run a done task again, reschedule it)`);
      });
      const open = await tasks.submit({ worker: idle(), date: new Date(), job: 'hello' });
      await tasks.retry(open).then(() => expect.fail('retried'), (err: Error) => expect(err).to.be.instanceOf(TaskStatusError));
    });

    it('retry runs a canceled task again', async () => {
      const id = await tasks.submit({ worker: SERVED, date: inSeconds(60), job: { name: 'hello', arguments: ['back'] } });
      await tasks.cancel(id);
      await http.waitForStatus(id, 'canceled');
      await tasks.retry(id);
      expect((await tasks.wait(id, { timeoutMs: 30_000 })).result).to.equal('Hello, back');
    });

    it('a change meets a write made since its read (409): it reads the task again, decides afresh and keeps that write', async () => {
      const id = await tasks.submit({ worker: idle(), date: inSeconds(60), job: 'hello' });
      const seen: Array<string | undefined> = [];
      const written = await updateTask(databaseOf({ url: couch.url, db }), id, (doc) => {
        seen.push(doc._rev);
        // Someone edits the task between this read and its write (the first time only): a
        // synchronous PUT from another process, as a user in Fauxton would.
        if (seen.length === 1) putFromAnotherProcess({ ...doc, note: 'edited meanwhile' });
        return { ...doc, status: 'cancel' };
      });
      expect(seen).to.have.length(2);
      expect(seen[0]).not.to.equal(seen[1]);
      expect(written).to.deep.include({ status: 'cancel', note: 'edited meanwhile' });
      expect(await tasks.get(id)).to.deep.include({ status: 'cancel', note: 'edited meanwhile', _rev: written?._rev });
    });

    /** PUTs `doc` from a child process, and waits for it. */
    function putFromAnotherProcess(doc: TaskDoc): void {
      const script = `fetch(process.argv[1], { method: 'PUT', headers: { 'content-type': 'application/json', authorization: process.argv[2] }, body: process.argv[3] })
        .then((response) => process.exit(response.status === 201 || response.status === 202 ? 0 : 1), () => process.exit(2));`;
      const { username, password, host } = new URL(couch.url);
      const authorization = `Basic ${Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64')}`;
      const run = spawnSync(process.execPath, ['-e', script, `http://${host}/${db}/${doc._id}`, authorization, JSON.stringify(doc)], { timeout: 20_000 });
      expect(run.status, String(run.stderr)).to.equal(0);
    }
  });

  describe('counts', () => {
    it('counts tasks by worker and status, for every worker or one', async () => {
      const name = idle();
      await tasks.submit({ worker: name, date: new Date(), job: 'hello' });
      await tasks.submit({ worker: name, date: new Date(), job: 'hello' });
      const id = await tasks.submit({ worker: name, date: new Date(), job: 'hello' });
      await tasks.cancel(id);
      expect(await tasks.counts(name)).to.deep.equal({ [name]: { waiting: 2, cancel: 1 } });
      const all = await tasks.counts();
      expect(all[name]).to.deep.equal({ waiting: 2, cancel: 1 });
      expect(all[SERVED].done).to.be.at.least(3);
    });
  });
});
