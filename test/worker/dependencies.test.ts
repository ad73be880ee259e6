// Dependencies (`depends_on`, issue 14) end to end: real `bin/after start` processes against the
// embedded server (or, with AFTER_TEST_COUCH_URL, a real CouchDB), tasks posted as curl would post
// them, through `after submit --depends-on` and through the library. The same in virtual time,
// with a restart and a repeating dependency: dependencies-virtual.test.ts.
import { expect } from 'chai';
import { connect, TaskFailedError, TaskInvalidError } from '../../lib/index';
import { checkTask } from '../../lib/task/rules';
import { runsOf } from '../support/recording-jobs';
import { openRecordingWorld, type RecordingWorld } from '../support/recording-world';
import { runAfter } from '../support/run-after';
import { TasksClient, type StoredTask } from '../support/tasks-client';

/** A date 2 s from now. */
const soon = (): string => new Date(Date.now() + 2000).toISOString();

/** When a run ended, as its worker wrote it. */
const finishedMs = (task: StoredTask): number => Date.parse(String(task.finished_at));

describe('dependencies: depends_on (embedded database or CouchDB, real processes)', function () {
  this.timeout(90_000);
  let world: RecordingWorld;
  let client: TasksClient;
  let jobsDir: string;

  before(async () => {
    world = await openRecordingWorld('deps');
    ({ client, jobsDir } = world);
    await Promise.all([world.startWorker('deps'), world.startWorker('deps-other')]);
  });

  after(async () => {
    await world?.close();
  });

  /** The one run of task `id`, when it started. */
  const startOf = (id: string): number => {
    const runs = runsOf(jobsDir, id);
    expect(runs, `the runs of ${id}`).to.have.length(1);
    return runs[0].at;
  };

  it('runs a diamond in order: A, then B and C, then D once both are done', async () => {
    const a = await client.post({ worker: 'deps', date: soon(), job: { name: 'slow', arguments: [300] } });
    const [b, c] = await Promise.all([
      client.post({ worker: 'deps', date: soon(), job: { name: 'slow', arguments: [1500] }, depends_on: [a] }),
      client.post({ worker: 'deps', date: soon(), job: 'record', depends_on: [a] }),
    ]);
    const d = await client.post({ worker: 'deps', date: soon(), job: 'record', depends_on: [b, c] });
    const dDone = await client.waitForStatus(d, 'done', 40_000);
    const [aDone, bDone, cDone] = await Promise.all([a, b, c].map((id) => client.get(id)));
    for (const task of [aDone, bDone, cDone]) expect(task.status).to.equal('done');
    expect(startOf(b)).to.be.at.least(finishedMs(aDone));
    expect(startOf(c)).to.be.at.least(finishedMs(aDone));
    expect(startOf(d)).to.be.at.least(Math.max(finishedMs(bDone), finishedMs(cDone)));
    expect(dDone.runs).to.equal(1);
  });

  it('ends a task canceled, naming its dependency, when it fails or does not exist, and never runs it', async () => {
    const failing = await client.post({ worker: 'deps', date: soon(), job: 'throws' });
    const [dependent, orphan] = await Promise.all([
      client.post({ worker: 'deps', date: soon(), job: 'record', depends_on: [failing] }),
      client.post({ worker: 'deps', date: soon(), job: 'record', depends_on: ['no-such-task'] }),
    ]);
    const canceled = await client.waitForStatus(dependent, 'canceled', 30_000);
    expect(canceled.error).to.include({ message: `dependency '${failing}' ended error: it broke`, dependency: failing });
    const missing = await client.waitForStatus(orphan, 'canceled', 30_000);
    expect(missing.error).to.include({ message: "dependency 'no-such-task' does not exist", dependency: 'no-such-task' });
    expect(runsOf(jobsDir, dependent).concat(runsOf(jobsDir, orphan))).to.deep.equal([]);
  });

  it('waits for a dependency of another worker name, learned of from its feed', async () => {
    const theirs = await client.post({ worker: 'deps-other', date: new Date(Date.now() + 4000).toISOString(), job: { name: 'slow', arguments: [500] } });
    const ours = await client.post({ worker: 'deps', date: soon(), job: 'record', depends_on: [theirs] });
    await client.waitForStatus(ours, 'done', 30_000);
    expect(startOf(ours)).to.be.at.least(finishedMs(await client.get(theirs)));
  });

  it('after submit --depends-on waits for the task it names; a wrong list is a usage error', async () => {
    const first = await runAfter(['submit', 'deps', 'slow', '500', '--config', world.configFile]);
    expect(first.code, first.stderr).to.equal(0);
    const firstId = first.stdout.trim();
    const second = await runAfter(['submit', 'deps', 'sum', '1', '2', '--depends-on', firstId, '--wait', '--timeout', '30', '--config', world.configFile]);
    expect(second.code, second.stderr).to.equal(0);
    const [secondId, result] = second.stdout.trim().split('\n');
    expect(result).to.equal('3');
    expect((await client.get(secondId)).depends_on).to.deep.equal([firstId]);
    expect(startOf(secondId)).to.be.at.least(finishedMs(await client.get(firstId)));
    const wrong = await runAfter(['submit', 'deps', 'record', '--depends-on', 'a,,b', '--config', world.configFile]);
    expect(wrong.code).to.equal(2);
    expect(wrong.stderr).to.match(/--depends-on <ids>' argument 'a,,b' is invalid\. use task ids separated by commas/);
  });

  it('the library submits depends_on, refuses one that is not a list of ids, and wait() rejects a dependent canceled', async () => {
    const tasks = await connect({ url: world.couch.url, db: client.db });
    const failing = await tasks.submit({ worker: 'deps', date: new Date(), job: 'throws' });
    const dependent = await tasks.submit({ worker: 'deps', date: new Date(), job: 'record', depends_on: [failing] });
    const failed = await tasks.wait(dependent, { timeoutMs: 30_000 }).then(() => expect.fail('done'), (err: unknown) => err);
    expect(failed).to.be.instanceOf(TaskFailedError);
    expect((failed as Error).message).to.include(`dependency '${failing}' ended error: it broke`);
    for (const [depends, message] of [
      ['a', "depends_on 'a' is not a list of task ids; use an array of ids such as [\"extract\", \"transform\"]"],
      [['self'], "depends_on names the task itself ('self'): it would wait for its own end forever"],
    ] as const) {
      const refused = await tasks.submit({ _id: 'self', worker: 'deps', date: new Date(), job: 'record', depends_on: depends as unknown as string[] })
        .then(() => expect.fail('submitted'), (err: unknown) => err);
      expect(refused).to.be.instanceOf(TaskInvalidError);
      expect((refused as Error).message).to.equal(message);
    }
  });

  it('with validation on write, the database refuses a wrong depends_on with the same message', async () => {
    const db = await world.couch.newDatabase('deps_validated');
    const config = world.couch.writeConfig(world.dir, db, jobsDir);
    const on = await runAfter(['setup', '--validate-on-write', '--config', config]);
    expect(on.code, on.stderr).to.equal(0);
    const validated = new TasksClient(world.couch.url, db);
    for (const doc of [
      { worker: 'v', date: '2030-01-01T09:00:00Z', job: 'record', depends_on: 'a' },
      { worker: 'v', date: '2030-01-01T09:00:00Z', job: 'record', depends_on: ['a', 3] },
      { _id: 'me', worker: 'v', date: '2030-01-01T09:00:00Z', job: 'record', depends_on: ['me'] },
    ]) {
      const answer = await validated.request('POST', '', doc);
      expect(answer.status, JSON.stringify(doc)).to.equal(403);
      expect(answer.body.reason).to.equal(checkTask(doc)).and.be.a('string');
    }
    const good = await validated.request('POST', '', { worker: 'v', date: '2030-01-01T09:00:00Z', job: 'record', depends_on: ['a', 'b'] });
    expect(good.status).to.be.oneOf([201, 202]);
  });
});
