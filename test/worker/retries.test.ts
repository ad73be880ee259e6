// Retries, max_attempts and max_fails with a real worker against the real embedded server.
import { expect } from 'chai';
import path from 'node:path';
import { openTestCouch, type TestCouch } from '../support/test-couch';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { TasksClient } from '../support/tasks-client';
import { startWorker, type WorkerProcess } from '../support/worker-process';
import { runsOf, writeRecordingJobs } from '../support/recording-jobs';

const toMs = (date: string | number): number => (typeof date === 'number' ? date : Date.parse(date));

describe('retries and limits (real worker)', function () {
  this.timeout(60_000);
  let couch: TestCouch;
  let dir: string;
  let jobsDir: string;
  let client: TasksClient;
  let configFile: string;
  const workers: WorkerProcess[] = [];

  before(async () => {
    dir = makeTempDir('after-retries-test-');
    jobsDir = writeRecordingJobs(path.join(dir, 'jobs'));
    couch = await openTestCouch();
    const db = await couch.newDatabase('retries');
    configFile = couch.writeConfig(dir, db, jobsDir);
    client = new TasksClient(couch.url, db);
    workers.push(await startWorker('r', configFile, ['--lease', '2']));
  });

  after(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await couch.close();
    removeTempDir(dir);
  });

  it('retries a failing task with exponential backoff, then gives up at retry.limit', async () => {
    const id = await client.post({ worker: 'r', date: Date.now(), job: 'throws', retry: { limit: 2, interval: 400, backoff: 'exponential' } });
    const task = await client.waitForStatus(id, 'error', 20_000);
    expect(task).to.include({ fails: 3, attempts: 3 });
    expect(task.error).to.include({ message: 'it broke', gave_up: 'no retries left (retry.limit 2)' });
    const runs = runsOf(jobsDir, id);
    expect(runs).to.have.length(3);
    // Each retry's date is the failure's end plus 400 ms, then 800 ms; no run starts before its date.
    const history = task.history as Array<{ started_at: string; duration: number }>;
    const gaps = [1, 2].map((n) => toMs(runs[n].date) - (Date.parse(history[n - 1].started_at) + history[n - 1].duration));
    expect(gaps[0]).to.be.within(400, 420);
    expect(gaps[1]).to.be.within(800, 820);
    for (const run of runs) expect(run.at).to.be.at.least(toMs(run.date));
  });

  it('counts only failures for max_fails', async () => {
    const id = await client.post({ worker: 'r', date: Date.now(), job: 'throws', retry: { limit: 10, interval: 100 }, max_fails: 2 });
    const task = await client.waitForStatus(id, 'error', 10_000);
    expect(task).to.include({ fails: 2 });
    expect(task.error).to.include({ gave_up: 'gave up after 2 failures (max_fails 2)' });
    expect(runsOf(jobsDir, id)).to.have.length(2);
  });

  it('counts every start for max_attempts, including a run whose process died', async () => {
    const id = await client.post({ worker: 'r', date: Date.now(), job: { name: 'slow', arguments: [20_000] }, max_attempts: 2, max_fails: 5 });
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      await client.waitFor(id, (task) => task.status === 'running' && task.attempts === attempt, 20_000);
      // The claim lands a moment before the job starts: kill it mid-job, not in between.
      while (runsOf(jobsDir, id).length < attempt) await new Promise((resolve) => setTimeout(resolve, 20));
      const holder = workers[workers.length - 1];
      await holder.kill();
      workers.push(await startWorker('r', configFile, ['--lease', '2']));
    }
    const task = await client.waitForStatus(id, 'error', 20_000);
    expect((task.error as { message: string }).message).to.equal("gave up after 2 attempts (max_attempts 2); the last run's process stopped answering");
    expect(task.fails ?? 0).to.equal(0);
    expect(runsOf(jobsDir, id)).to.have.length(2);
  });
});
