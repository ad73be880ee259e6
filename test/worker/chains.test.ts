// Chains end to end: `job` as a list of steps, run by the real `bin/after start` against the
// embedded server (or, with AFTER_TEST_COUCH_URL, a real CouchDB), posted as curl would post
// them, with `after submit --then`, and with the library (connect and an in-process Worker).
import { expect } from 'chai';
import { connect, TaskInvalidError, Worker, type JobTask } from '../../lib/index';
import { checkTask } from '../../lib/task/rules';
import { addChainJobs, runsOf, type RecordedRun } from '../support/recording-jobs';
import { openRecordingWorld, type RecordingWorld } from '../support/recording-world';
import { runAfter } from '../support/run-after';
import { TasksClient, type StoredTask } from '../support/tasks-client';

const now = (): string => new Date().toISOString();

/** What a recorded run says of its place in the chain. */
const placeOf = (run: RecordedRun): [string, number | undefined, unknown] => [run.job, run.step, run.previous];

describe('chains (embedded database or CouchDB, real processes)', function () {
  this.timeout(90_000);
  let world: RecordingWorld;
  let client: TasksClient;
  let jobsDir: string;

  before(async () => {
    world = await openRecordingWorld('chains');
    ({ client, jobsDir } = world);
    addChainJobs(jobsDir);
    await world.startWorker('chains');
  });

  after(async () => {
    await world?.close();
  });

  it('resumes at a step that failed once: step 0 and step 2 run once, step 1 twice, each given the previous result', async () => {
    const id = await client.post({
      worker: 'chains', date: now(),
      job: [{ name: 'append', arguments: ['a'] }, { name: 'flaky_append', arguments: ['b'], retry: { limit: 1, interval: 500 } }, { name: 'append', arguments: ['c'] }],
    });
    const task = await client.waitForStatus(id, 'done', 20_000);
    expect(runsOf(jobsDir, id).map(placeOf)).to.deep.equal([
      ['append', 0, undefined],
      ['flaky_append', 1, ['a']],
      ['flaky_append', 1, ['a']],
      ['append', 2, ['a', 'b']],
    ]);
    expect(task).to.deep.include({ status: 'done', step: 2, results: [['a'], ['a', 'b'], ['a', 'b', 'c']], result: ['a', 'b', 'c'], runs: 2 });
    expect((task.error as { message: string }).message).to.equal("job[1] 'flaky_append' failed: flaky the first time");
    expect((task.history as Array<{ outcome: string; step: number }>).map((run) => [run.outcome, run.step])).to.deep.equal([['error', 1], ['done', 2]]);
  });

  it('ends error at a step whose own retries are spent, naming it; later steps never run', async () => {
    const id = await client.post({
      worker: 'chains', date: now(), retry: { limit: 5, interval: 200 },
      job: [{ name: 'append', arguments: ['a'] }, { name: 'broken_step', retry: { limit: 1, interval: 300 } }, { name: 'append', arguments: ['c'] }],
    });
    const task = await client.waitForStatus(id, 'error', 20_000);
    expect(runsOf(jobsDir, id).map(placeOf)).to.deep.equal([['append', 0, undefined], ['broken_step', 1, ['a']], ['broken_step', 1, ['a']]]);
    expect(task).to.deep.include({ status: 'error', step: 1, results: [['a']], attempts: 2, fails: 2 });
    expect(task.error).to.deep.include({ message: "job[1] 'broken_step' failed: this step always fails", gave_up: 'no retries left (job[1].retry.limit 1)' });
  });

  it('hands an executable step the previous result, step and results in the document on its stdin, its arguments as argv', async () => {
    const id = await client.post({ worker: 'chains', date: now(), job: [{ name: 'append', arguments: ['x'] }, { name: 'stdin_chain', arguments: ['one', 2] }] });
    const task = await client.waitForStatus(id, 'done', 20_000);
    expect(task.result).to.deep.equal({ previous: ['x'], step: 1, results: [['x']], argv: ['one', '2'] });
  });

  it('runs each occurrence of a repeating chain from its first step', async () => {
    const first = Math.ceil(Date.now() / 1000) * 1000 + 1000;
    const id = await client.post({
      worker: 'chains', date: new Date(first).toISOString(), repeat: { seconds: 2, limit: 2 },
      job: [{ name: 'append', arguments: ['a'] }, { name: 'append', arguments: ['b'] }],
    });
    const task = await client.waitForStatus(id, 'done', 20_000);
    expect(runsOf(jobsDir, id).map(placeOf)).to.deep.equal([
      ['append', 0, undefined], ['append', 1, ['a']], ['append', 0, undefined], ['append', 1, ['a']],
    ]);
    expect(task).to.deep.include({ status: 'done', repeat_runs: 2, step: 1, results: [['a'], ['a', 'b']], result: ['a', 'b'] });
  });

  it('marks error a chain naming a job the worker lacks, naming the step, before any step runs', async () => {
    const id = await client.post({ worker: 'chains', date: now(), job: [{ name: 'append', arguments: ['a'] }, { name: 'nope' }] });
    const task = await client.waitForStatus(id, 'error', 20_000);
    expect((task.error as { message: string }).message).to.match(/^job\[1\]: unknown job 'nope'; this worker has: append, /);
    expect(runsOf(jobsDir, id)).to.deep.equal([]);
  });

  it('after submit --then makes a chain, and --wait prints the last step\'s result', async () => {
    const run = await runAfter(['submit', 'chains', 'append', 'a', '--then', '{"name": "append", "arguments": ["b"]}', '--then', 'stdin_chain',
      '--wait', '--timeout', '30', '--config', world.configFile]);
    expect(run.code, run.stderr).to.equal(0);
    const [id, printed] = run.stdout.trim().split('\n');
    expect(JSON.parse(printed)).to.deep.equal({ previous: ['a', 'b'], step: 2, results: [['a'], ['a', 'b']], argv: [] });
    expect((await client.get(id)).job).to.deep.equal([{ name: 'append', arguments: ['a'] }, { name: 'append', arguments: ['b'] }, { name: 'stdin_chain' }]);
  });

  it('after submit refuses a chain the rules refuse, naming the step (exit code 1), and a --then that is not JSON (exit code 2)', async () => {
    const refused = await runAfter(['submit', 'chains', 'append', '--then', '{"name": "b", "retry": {"limit": -1}}', '--config', world.configFile]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr.trim()).to.equal('after: job[1].retry.limit -1 is not a number of retries; use a whole number >= 0');
    const notJson = await runAfter(['submit', 'chains', 'append', '--then', '{name}', '--config', world.configFile]);
    expect(notJson.code).to.equal(2);
    expect(notJson.stderr).to.match(/--then <step>' argument '\{name\}' is invalid\. not valid JSON/);
  });

  it('with validation on write, the database refuses a wrong step with the rules\' message, naming it', async () => {
    const db = await world.couch.newDatabase('chains_validated');
    const validated = new TasksClient(world.couch.url, db);
    const on = await runAfter(['setup', '--validate-on-write', '--config', world.couch.writeConfig(world.dir, db, jobsDir)]);
    expect(on.code, on.stderr).to.equal(0);
    for (const job of [[], [{ name: 'a' }, 'b'], [{ name: 'a' }, { name: 'b', retry: { limit: 'x' } }], [{ name: 'a', args: [] }]]) {
      const doc = { worker: 'v', date: '2030-01-01T09:00:00Z', job };
      const answer = await validated.request('POST', '', doc);
      expect(answer.status, JSON.stringify(job)).to.equal(403);
      expect(answer.body.reason).to.equal(checkTask(doc)).and.match(/^job/);
    }
    const good = await validated.request('POST', '', { worker: 'v', date: '2030-01-01T09:00:00Z', job: [{ name: 'a', arguments: [1] }, { name: 'b', retry: { limit: 2 } }] });
    expect(good.status).to.be.oneOf([201, 202]);
  });

  it('resumes a chain whose process died at the step it had reached (recorded with the lease renewals)', async () => {
    const name = 'chains-crash';
    const first = await world.startWorker(name, ['--lease', '3']);
    const id = await client.post({ worker: name, date: now(), job: [{ name: 'append', arguments: ['a'] }, { name: 'slow', arguments: [4000] }, { name: 'stdin_chain' }] });
    // A renewal (every second with a 3 s lease) has recorded step 1 while it runs.
    await client.waitFor(id, (task: StoredTask) => task.status === 'running' && task.step === 1, 10_000);
    await first.kill();
    await world.startWorker(name, ['--lease', '3']);
    const task = await client.waitForStatus(id, 'done', 60_000);
    // `slow` records no step (it is no chain job): it ran twice, step 0 once.
    expect(runsOf(jobsDir, id).map(placeOf)).to.deep.equal([['append', 0, undefined], ['slow', undefined, undefined], ['slow', undefined, undefined]]);
    expect(task).to.deep.include({ status: 'done', step: 2, results: [['a'], 'slow done', { previous: 'slow done', step: 2, results: [['a'], 'slow done'], argv: [] }] });
  });

  describe('the library', () => {
    let worker: Worker;

    before(async () => {
      worker = new Worker({
        url: world.couch.url, db: client.db, name: 'chains-lib', jobs: {
          double: async (task: JobTask<[number]>) => 2 * (task.previous === undefined ? task.job.arguments[0] : task.previous as number),
        },
      });
      await worker.start();
    });

    after(async () => {
      await worker?.stop();
    });

    it('submits a chain and waits for its last step\'s result; refuses a wrong step before writing', async () => {
      const tasks = await connect({ url: world.couch.url, db: client.db });
      const id = await tasks.submit({ worker: 'chains-lib', date: new Date(), job: [{ name: 'double', arguments: [3] }, { name: 'double' }, { name: 'double' }] });
      const done = await tasks.wait(id, { timeoutMs: 20_000 });
      expect(done).to.deep.include({ status: 'done', result: 24, results: [6, 12, 24], step: 2 });
      await tasks.submit({ worker: 'chains-lib', date: new Date(), job: [{ name: 'double' }, 'double'] as never }).then(
        () => expect.fail('submitted'),
        (err: Error) => {
          expect(err).to.be.instanceOf(TaskInvalidError);
          expect(err.message).to.match(/^job\[1\] 'double' is not a step; use an object with a job name/);
        });
    });
  });
});
