// `after show`, `after cancel`, `after reschedule` and `after retry`: the real `bin/after`
// against the real embedded server (or, with AFTER_TEST_COUCH_URL, a real CouchDB 3.x), with
// a real worker process on a temporary jobs folder.
import { expect } from 'chai';
import path from 'node:path';
import { writeRecordingJobs } from '../support/recording-jobs';
import { runAfter, type AfterRun } from '../support/run-after';
import { TasksClient } from '../support/tasks-client';
import { openTestCouch, type TestCouch } from '../support/test-couch';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { startWorker, type WorkerProcess } from '../support/worker-process';

const inSeconds = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();

describe('after show, cancel, reschedule, retry (embedded server or CouchDB, real processes)', function () {
  this.timeout(60_000);
  let couch: TestCouch;
  let db: string;
  let dir: string;
  let configFile: string;
  let client: TasksClient;
  let worker: WorkerProcess;
  /** How After names the database in messages: the user, never the password. */
  let where: string;
  const SERVED = 'cmds';

  before(async () => {
    dir = makeTempDir('after-task-commands-');
    couch = await openTestCouch();
    db = await couch.newDatabase('cmds');
    configFile = couch.writeConfig(dir, db, writeRecordingJobs(path.join(dir, 'jobs')));
    client = new TasksClient(couch.url, db);
    worker = await startWorker(SERVED, configFile);
    const { protocol, username, hostname, port } = new URL(couch.url);
    where = `${protocol}//${username}@${hostname}:${port || 80}/${db}`;
  });

  after(async () => {
    await worker?.kill();
    await couch?.close();
    removeTempDir(dir);
  });

  const cli = (...args: string[]): Promise<AfterRun> => runAfter([...args, '--config', configFile]);

  /** The one line on stderr of a failed run. */
  function failure(run: AfterRun, code: number): string {
    expect(run.code, run.stderr).to.equal(code);
    expect(run.stdout).to.equal('');
    expect(run.stderr.split('\n'), run.stderr).to.have.length(2);
    return run.stderr.trimEnd();
  }

  async function posted(task: Record<string, unknown>): Promise<string> {
    return client.post({ worker: SERVED, date: new Date().toISOString(), ...task });
  }

  it('show prints the task\'s document as JSON', async () => {
    const id = await posted({ job: { name: 'sum', arguments: [1, 2] } });
    await client.waitForStatus(id, 'done');
    const run = await cli('show', id);
    expect(run.code, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal(await client.get(id));
    expect(JSON.parse(run.stdout)).to.include({ status: 'done', result: 3 });
  });

  it('every command says an unknown id in one line, exit code 1', async () => {
    for (const args of [['show'], ['cancel'], ['reschedule', '_', '2030-01-01'], ['retry']]) {
      const [command, ...rest] = args;
      const run = await cli(command, 'no-such-task', ...rest.slice(1));
      expect(failure(run, 1), command).to.equal(`after: no task 'no-such-task' in database ${where}`);
    }
  });

  it('cancel asks the worker to cancel an open task; it ends canceled; again, it says so', async () => {
    const id = await posted({ date: inSeconds(60), job: 'record' });
    await client.waitForStatus(id, 'scheduled');
    const run = await cli('cancel', id);
    expect(run).to.deep.equal({ code: 0, stdout: `task ${id}: cancel requested; its worker marks it canceled\n`, stderr: '' });
    const canceled = await client.waitForStatus(id, 'canceled');
    expect(await cli('cancel', id)).to.deep.equal({ code: 0, stdout: `task ${id} is canceled already\n`, stderr: '' });
    expect((await client.get(id))._rev).to.equal(canceled._rev);
  });

  it('cancel of a task that ended done is an error (exit code 1) that leaves it as it is', async () => {
    const id = await posted({ job: 'record' });
    const done = await client.waitForStatus(id, 'done');
    expect(failure(await cli('cancel', id), 1)).to.equal(`after: task ${id} has ended done: there is nothing to cancel (only a task that has not ended can be)`);
    expect(await client.get(id)).to.deep.equal(done);
  });

  it('reschedule moves a task to its new date (ISO 8601 or epoch milliseconds), where it runs', async () => {
    const id = await posted({ date: '2030-01-01T00:00:00Z', job: 'record' });
    const far = await cli('reschedule', id, '2031-06-01T00:00:00Z');
    expect(far).to.deep.equal({ code: 0, stdout: `task ${id} rescheduled to 2031-06-01T00:00:00Z\n`, stderr: '' });
    expect(await client.get(id)).to.include({ date: '2031-06-01T00:00:00Z' });
    const soon = Date.now() + 2000;
    const run = await cli('reschedule', id, String(soon));
    expect(run.stdout).to.equal(`task ${id} rescheduled to ${soon}\n`);
    const done = await client.waitForStatus(id, 'done', 20_000);
    expect(Date.parse(done.started_at as string)).to.be.at.least(soon);
  });

  it('reschedule refuses a date the rules refuse as a usage error (exit code 2), and writes nothing', async () => {
    const id = await posted({ date: inSeconds(600), job: 'record' });
    const before = await client.get(id);
    const run = await cli('reschedule', id, 'tomorrow-ish');
    expect(failure(run, 2)).to.equal("after: command-argument value 'tomorrow-ish' is invalid for argument 'date'. " +
      "date 'tomorrow-ish' is not ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds");
    expect((await client.get(id))._rev).to.equal(before._rev);
  });

  it('retry runs a task that ended error again, keeping its history; a done task is refused (exit code 1)', async () => {
    const id = await posted({ job: 'throws' });
    await client.waitForStatus(id, 'error');
    const run = await cli('retry', id);
    expect(run).to.deep.equal({ code: 0, stdout: `task ${id} is waiting again: its worker runs it now\n`, stderr: '' });
    const again = await client.waitFor(id, (task) => task.status === 'error' && task.runs === 2, 20_000);
    expect(again.history).to.have.length(2);

    const done = await posted({ job: 'record' });
    await client.waitForStatus(done, 'done');
    expect(failure(await cli('retry', done), 1)).to.equal(
      `after: task ${done} is done; retry runs again a task that ended error or canceled (to run a done task again, reschedule it)`);
  });
});
