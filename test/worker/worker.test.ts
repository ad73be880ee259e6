// The worker loop end to end: the real embedded server (or, with AFTER_TEST_COUCH_URL, a
// real CouchDB 3.x: the worker is pointed at it by config alone) and the real `bin/after start`.
import { expect } from 'chai';
import path from 'node:path';
import { openTestCouch, type TestCouch } from '../support/test-couch';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { TasksClient } from '../support/tasks-client';
import { startWorker, type WorkerProcess } from '../support/worker-process';
import { recordedRuns, runsOf, writeRecordingJobs } from '../support/recording-jobs';
import { runAfter } from '../support/run-after';
import { checkTask } from '../../lib/task/rules';
import type { TaskDoc } from '../../lib/task/types';
import { CONFIRM_AFTER_MS } from '../../lib/worker/claim-check';
import { CLAIM_AHEAD_MS } from '../../lib/worker/worker';

const inSeconds = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('worker (embedded database, real processes)', function () {
  this.timeout(60_000);
  let couch: TestCouch;
  let dir: string;
  let jobsDir: string;
  let configFile: string;
  let client: TasksClient;
  const workers: WorkerProcess[] = [];
  let counter = 0;
  /** On a cluster a claim is confirmed before its job starts (see claim-check.ts): what that adds to a start. */
  let confirmMs = 0;
  /** A date this far ahead is claimed at once: a task stays `scheduled` only when due later. */
  const claimAheadMs = (): number => CLAIM_AHEAD_MS + confirmMs;

  before(async () => {
    dir = makeTempDir('after-worker-test-');
    jobsDir = writeRecordingJobs(path.join(dir, 'jobs'));
    couch = await openTestCouch();
    const db = await couch.newDatabase('worker_test');
    configFile = couch.writeConfig(dir, db, jobsDir);
    client = new TasksClient(couch.url, db);
    confirmMs = (await couch.copies(db)) > 1 ? CONFIRM_AFTER_MS : 0;
  });

  after(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await couch.close();
    removeTempDir(dir);
  });

  /** A fresh worker name per test, so tests never see each other's tasks. */
  async function newWorker(): Promise<{ name: string; worker: WorkerProcess }> {
    counter += 1;
    const name = `w${counter}`;
    const worker = await startWorker(name, configFile);
    workers.push(worker);
    return { name, worker };
  }

  it('runs a task due now within 2 s and records its outcome', async () => {
    const { name } = await newWorker();
    const posted = Date.now();
    const id = await client.post({ worker: name, date: new Date().toISOString(), job: { name: 'record', arguments: [1, 'two'] } });
    const task = await client.waitForStatus(id, 'done', 5000);
    expect(Date.now() - posted).to.be.below(2000 + confirmMs);
    expect(task.result).to.deep.equal({ echoed: [1, 'two'] });
    expect(task.runs).to.equal(1);
    expect(task).to.include.keys('started_at', 'finished_at', 'duration', 'history');
    expect(task.lease).to.equal(undefined);
    expect(task.history as unknown[]).to.have.length(1);
    expect(runsOf(jobsDir, id)).to.have.length(1);
  });

  it('marks a future task scheduled within 1 s and runs it in its second, never before', async () => {
    const { name } = await newWorker();
    // Claims are written ahead (earlier on a cluster, by the confirmation's wait): the task stays scheduled until then.
    const date = inSeconds(2 + claimAheadMs() / 1000);
    const id = await client.post({ worker: name, date, job: 'record' });
    const scheduledBy = Date.now() + 1000;
    await client.waitForStatus(id, 'scheduled', 2000);
    expect(Date.now()).to.be.at.most(scheduledBy + 100);
    await client.waitForStatus(id, 'done', 8000 + claimAheadMs());
    const [run] = runsOf(jobsDir, id);
    const due = Date.parse(date);
    expect(run.at).to.be.at.least(due);
    expect(run.at - due).to.be.below(1000);
  });

  it('settles promise-style jobs with their value or their error, and emitted errors too', async () => {
    const { name } = await newWorker();
    const now = new Date().toISOString();
    const sum = await client.post({ worker: name, date: now, job: { name: 'sum', arguments: [1, 2, 3] } });
    const thrown = await client.post({ worker: name, date: now, job: 'throws' });
    const emitted = await client.post({ worker: name, date: now, job: 'emits_error' });
    expect((await client.waitForStatus(sum, 'done')).result).to.equal(6);
    expect((await client.waitForStatus(thrown, 'error')).error).to.include({ message: 'it broke' });
    expect((await client.waitForStatus(emitted, 'error')).error).to.include({ message: 'emitted failure' });
  });

  it('repeats {"seconds": 2} with every date on the grid of the first date', async () => {
    const { name } = await newWorker();
    const first = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toISOString();
    const id = await client.post({ worker: name, date: first, job: 'record', repeat: { seconds: 2 } });
    await client.waitFor(id, (task) => (task.runs as number | undefined ?? 0) >= 3, 15_000);
    const runs = runsOf(jobsDir, id);
    const dates = runs.map((run) => Date.parse(String(run.date)));
    expect(dates.slice(0, 3)).to.deep.equal([0, 2000, 4000].map((k) => Date.parse(first) + k));
    for (const run of runs) {
      expect(run.at).to.be.at.least(Date.parse(String(run.date)));
      expect(run.at - Date.parse(String(run.date))).to.be.below(1000 + confirmMs);
    }
    const task = await client.get(id);
    expect(task.repeat_from).to.equal(first);
    await client.update(id, (t) => ({ ...t, status: 'cancel' }));
    await client.waitForStatus(id, 'canceled');
  });

  it('cancels a scheduled task: it becomes canceled and its job never runs', async () => {
    const { name } = await newWorker();
    // Claims are written ahead (earlier on a cluster, by the confirmation's wait): the task stays scheduled until then.
    const date = inSeconds(2 + claimAheadMs() / 1000);
    const id = await client.post({ worker: name, date, job: 'record' });
    await client.waitForStatus(id, 'scheduled', 2000);
    await client.update(id, (task) => ({ ...task, status: 'cancel' }));
    await client.waitForStatus(id, 'canceled', 2000);
    await sleep(Date.parse(date) - Date.now() + 1500);
    expect(runsOf(jobsDir, id)).to.have.length(0);
    expect((await client.get(id)).status).to.equal('canceled');
  });

  it('reschedules a scheduled task to a nearer date and runs it then', async () => {
    const { name } = await newWorker();
    const id = await client.post({ worker: name, date: inSeconds(60), job: 'record' });
    await client.waitForStatus(id, 'scheduled', 2000);
    const nearer = inSeconds(2);
    await client.update(id, (task) => ({ ...task, status: 'reschedule', date: nearer }));
    await client.waitForStatus(id, 'done', 6000);
    const [run] = runsOf(jobsDir, id);
    expect(run.at).to.be.at.least(Date.parse(nearer));
    expect(run.at - Date.parse(nearer)).to.be.below(1000);
  });

  it('claims a task up to a second ahead, and a reschedule before its date still moves the run', async () => {
    const { name } = await newWorker();
    const first = inSeconds(2.5);
    const id = await client.post({ worker: name, date: first, job: 'record' });
    await client.waitForStatus(id, 'running', 3000);
    expect(Date.now(), 'claimed before its date').to.be.below(Date.parse(first));
    const later = inSeconds(3);
    await client.update(id, (task) => ({ ...task, status: 'reschedule', date: later }));
    const task = await client.waitForStatus(id, 'done', 8000);
    const runs = runsOf(jobsDir, id);
    expect(runs).to.have.length(1);
    expect(runs[0].at, 'ran at the new date, not the first').to.be.at.least(Date.parse(later));
    expect(task.runs).to.equal(1);
  });

  it('runs once each the tasks posted while no worker ran, when it starts, loading them after it says started', async () => {
    counter += 1;
    const name = `w${counter}`;
    const past = new Date(Date.now() - 60_000).toISOString();
    const ids = await client.postMany(Array.from({ length: 30 }, (_, i) => ({ worker: name, date: i % 2 ? past : Date.now() - 5000, job: 'record' })));
    const tomorrow = await client.post({ worker: name, date: inSeconds(86_400), job: 'record' });
    const worker = await startWorker(name, configFile);
    workers.push(worker);
    for (const id of ids) await client.waitForStatus(id, 'done');
    for (const id of ids) expect(runsOf(jobsDir, id)).to.have.length(1);
    // The task due tomorrow is beyond the horizon: left in the database, not counted.
    await worker.waitForOutput(/worker '.*' loaded \d+ open task\(s\)/);
    const output = worker.output();
    expect(output).to.match(new RegExp(`worker '${name}' loaded 30 open task\\(s\\) due within 600 s in \\d+\\.\\d s`));
    expect(output.indexOf(`worker '${name}' started`)).to.be.below(output.indexOf(`worker '${name}' loaded`));
    expect((await client.get(tomorrow)).status ?? 'waiting').to.equal('waiting');
  });

  it('accepts a malformed task by default and marks it error with the reason validation on write would give', async () => {
    const { name } = await newWorker(); // installs the design document, without validation on write
    const id = await client.post({ worker: name, date: 'tomorrow-ish', job: 'record' });
    const task = await client.waitForStatus(id, 'error');
    expect((task.error as { message: string }).message).to.equal(checkTask({ worker: name, date: 'tomorrow-ish', job: 'record' } as TaskDoc));
    expect((task.error as { message: string }).message).to.match(/^date 'tomorrow-ish' is not ISO 8601/);
  });

  it('refuses a malformed task with 403 and the same reason once `after setup --validate-on-write` ran, until --no-validate-on-write', async () => {
    const db = await couch.newDatabase('validated');
    const validatedConfig = couch.writeConfig(dir, db, jobsDir);
    const validated = new TasksClient(couch.url, db);
    const on = await runAfter(['setup', '--validate-on-write', '--config', validatedConfig]);
    expect(on.code, on.stderr).to.equal(0);
    expect(on.stdout).to.match(/validation on write: on/);
    // A worker started without the setting keeps it.
    workers.push(await startWorker('validated', validatedConfig));
    const bad = await validated.request('POST', '', { worker: 'validated', date: 'tomorrow-ish', job: 'record' });
    expect(bad.status).to.equal(403);
    expect(bad.body.reason).to.equal(checkTask({ worker: 'validated', date: 'tomorrow-ish', job: 'record' } as TaskDoc));
    const noWorker = await validated.request('POST', '', { date: '2030-01-01', job: 'record' });
    expect(noWorker.status).to.equal(403);
    expect(String(noWorker.body.reason)).to.match(/worker/);
    const off = await runAfter(['setup', '--no-validate-on-write', '--config', validatedConfig]);
    expect(off.stdout).to.match(/_design\/after: upgraded; validation on write: off/);
    const accepted = await validated.request('POST', '', { worker: 'validated', date: 'tomorrow-ish', job: 'record' });
    expect(accepted.status).to.be.oneOf([201, 202]);
    await validated.waitForStatus(String(accepted.body.id), 'error');
  });

  it('marks error a task whose status is none, posted live or before it started; a null in a history stops nothing', async () => {
    const early = await couch.newDatabase('statuses');
    const earlyClient = new TasksClient(couch.url, early);
    const statuses: unknown[] = [null, 'Waiting', '', 5, { s: 1 }, ['done']];
    const task = (status: unknown) => ({ worker: 'statuses', date: Date.now(), job: 'record', status });
    const before = await earlyClient.postMany(statuses.map(task));
    const worker = await startWorker('statuses', couch.writeConfig(dir, early, jobsDir));
    workers.push(worker);
    // A finished task whose history holds null meets the feed's selector on every worker of the name.
    await earlyClient.post({ worker: 'statuses', date: Date.now(), job: 'record', status: 'done', history: [null, 1] });
    const live = await earlyClient.postMany(statuses.map(task));
    for (const [i, id] of [...before, ...live].entries()) {
      const marked = await earlyClient.waitForStatus(id, 'error');
      expect((marked.error as { message: string }).message, JSON.stringify(statuses[i % statuses.length])).to.match(/^status .* is not a status; use waiting, /);
    }
    await earlyClient.waitForStatus(await earlyClient.post({ worker: 'statuses', date: Date.now(), job: 'record' }), 'done');
    expect(await worker.stop()).to.equal(0);
  });

  it('marks an unknown job error with the jobs it has, and keeps serving', async () => {
    const { name, worker } = await newWorker();
    const id = await client.post({ worker: name, date: Date.now(), job: 'nope' });
    const task = await client.waitForStatus(id, 'error');
    expect((task.error as { message: string }).message).to.equal("unknown job 'nope'; this worker has: emits_error, huge, record, slow, sum, throws");
    const script = path.join(jobsDir, 'backup.sh');
    const notExecutable = await client.waitForStatus(await client.post({ worker: name, date: Date.now(), job: 'backup' }), 'error');
    expect((notExecutable.error as { message: string }).message).to.equal(
      `unknown job 'backup'; ${script} is not executable (chmod +x ${script}); this worker has: emits_error, huge, record, slow, sum, throws`);
    const next = await client.post({ worker: name, date: Date.now(), job: 'record' });
    await client.waitForStatus(next, 'done');
    expect(worker.output()).to.match(/unknown job 'nope'/);
  });

  it('marks error a malformed task that was stored before the design document existed', async () => {
    const early = await couch.newDatabase('early');
    const earlyClient = new TasksClient(couch.url, early);
    const bad = await earlyClient.post({ worker: 'early', date: 'soon', job: 'record' });
    const good = await earlyClient.post({ worker: 'early', date: Date.now(), job: 'record' });
    const worker = await startWorker('early', couch.writeConfig(dir, early, jobsDir));
    workers.push(worker);
    const marked = await earlyClient.waitForStatus(bad, 'error');
    expect((marked.error as { message: string }).message).to.match(/date 'soon' is not ISO 8601/);
    await earlyClient.waitForStatus(good, 'done');
    expect(await worker.stop()).to.equal(0);
  });

  it('records a run whose result the database refuses (over its document size) as failed, without the result, and runs it once', async () => {
    const { name } = await newWorker();
    const now = new Date().toISOString();
    const [big, small] = await client.postMany([
      { worker: name, date: now, job: { name: 'huge', arguments: [9_000_000] } },
      { worker: name, date: now, job: { name: 'huge', arguments: [10] } },
    ]);
    const failed = await client.waitForStatus(big, 'error', 15_000);
    expect((failed.error as { message: string }).message).to.match(/^the database refused this run's outcome, so its result was not kept: .*413: document_too_large/);
    expect(failed).to.include({ runs: 1, fails: 1 });
    expect(failed.result).to.equal(undefined);
    expect(failed.lease).to.equal(undefined);
    expect((await client.waitForStatus(small, 'done', 5000)).result).to.equal('x'.repeat(10));
    expect(runsOf(jobsDir, big)).to.have.length(1);
  });

  it('lets a user cancel a task repeating every second in one try or two (GET, then PUT with its _rev)', async () => {
    const { name } = await newWorker();
    const id = await client.post({ worker: name, date: new Date().toISOString(), job: 'record', repeat: { seconds: 1 } });
    const deadline = Date.now() + 15_000;
    while (runsOf(jobsDir, id).length < 2 && Date.now() < deadline) await sleep(100);
    expect(runsOf(jobsDir, id).length, 'runs before the cancel').to.be.at.least(2);
    await client.update(id, (task) => ({ ...task, status: 'cancel' }), 2);
    await client.waitForStatus(id, 'canceled', 10_000);
    const runs = runsOf(jobsDir, id).length;
    await sleep(2500);
    expect(runsOf(jobsDir, id)).to.have.length(runs);
  });

  it('keeps a user\'s edit made while the job runs', async () => {
    const { name } = await newWorker();
    const id = await client.post({ worker: name, date: Date.now(), job: { name: 'slow', arguments: [1500] } });
    await client.waitForStatus(id, 'running');
    await client.update(id, (task) => ({ ...task, note: 'added while running' }));
    const task = await client.waitForStatus(id, 'done', 6000);
    expect(task.note).to.equal('added while running');
    expect(task.result).to.equal('slow done');
  });

  it('stops gracefully: lets a running job finish and hands scheduled tasks back', async () => {
    const { name, worker } = await newWorker();
    const running = await client.post({ worker: name, date: Date.now(), job: { name: 'slow', arguments: [1500] } });
    const later = await client.post({ worker: name, date: inSeconds(120), job: 'record' });
    await client.waitForStatus(running, 'running');
    await client.waitForStatus(later, 'scheduled');
    // Its job started (on a cluster a claim is confirmed first; a stop before hands it back).
    while (runsOf(jobsDir, running).length === 0) await sleep(50);
    expect(await worker.stop()).to.equal(0);
    expect((await client.get(running)).status).to.equal('done');
    expect((await client.get(later)).status).to.equal('waiting');
  });

  it('stops without starting a task it claimed ahead of its date, and hands it back', async () => {
    const { name, worker } = await newWorker();
    // Within the claim lead, so it is claimed at once; on a cluster a stop still waits for the
    // claim's confirmation (2.2 s after it lands), which must come well before the date.
    const date = inSeconds((claimAheadMs() - 500) / 1000);
    const id = await client.post({ worker: name, date, job: 'record' });
    await client.waitForStatus(id, 'running', 3000);
    expect(await worker.stop()).to.equal(0);
    expect(Date.now(), 'the stop did not wait for the date').to.be.below(Date.parse(date));
    const task = await client.get(id);
    expect(task.status).to.equal('waiting');
    expect(task.lease).to.equal(undefined);
    await sleep(Date.parse(date) - Date.now() + 500);
    expect(runsOf(jobsDir, id)).to.have.length(0);
  });

  it('hands a job that outlasts the grace period back as waiting', async () => {
    counter += 1;
    const name = `w${counter}`;
    const worker = await startWorker(name, configFile, ['--grace', '0.5']);
    workers.push(worker);
    const id = await client.post({ worker: name, date: Date.now(), job: { name: 'slow', arguments: [10_000] } });
    await client.waitForStatus(id, 'running');
    await worker.stop();
    const task = await client.get(id);
    expect(task.status).to.equal('waiting');
    expect(task.lease).to.equal(undefined);
  });

  it('survives the database being killed and restarted: loses nothing, resumes within 30 s', async function () {
    const db = couch.embedded;
    if (!db) this.skip(); // an external CouchDB is not ours to kill
    const { name, worker } = await newWorker();
    const before = await client.post({ worker: name, date: inSeconds(2 + claimAheadMs() / 1000), job: 'record' });
    await client.waitForStatus(before, 'scheduled');
    await db.kill();
    await sleep(1500);
    await db.restart();
    const afterRestart = await client.post({ worker: name, date: Date.now(), job: 'record' });
    await client.waitForStatus(afterRestart, 'done', 30_000);
    await client.waitForStatus(before, 'done', 30_000);
    expect(runsOf(jobsDir, before)).to.have.length(1);
    expect(runsOf(jobsDir, afterRestart)).to.have.length(1);
    expect(worker.output()).to.match(/database is back/);
  });

  // Issue 16's double run: a graceful stop soon after the database came back. The outcome of a
  // job that ended during the outage, and a claim made then, were waiting out a backoff of
  // seconds, longer than the grace period: the process exited with them unwritten, and the
  // finished task ran again once its lease ended. A claim that landed during the stop could
  // also start its job, which then outlived the process.
  it('stops soon after the database came back: writes what waited at once, records a finished run, starts no job', async function () {
    this.timeout(90_000);
    const db = couch.embedded;
    if (!db) this.skip(); // an external CouchDB is not ours to kill
    counter += 1;
    const name = `w${counter}`;
    const worker = await startWorker(name, configFile, ['--grace', '0.5']);
    workers.push(worker);
    const finishing = await client.post({ worker: name, date: Date.now(), job: { name: 'slow', arguments: [1500] } });
    const claimedLate = await client.post({ worker: name, date: inSeconds(3 + claimAheadMs() / 1000), job: 'record' });
    await client.waitForStatus(finishing, 'running');
    await client.waitForStatus(claimedLate, 'scheduled');
    await db.kill();
    // The slow job ends (~1.4 s from now) and its outcome fails to be written, as does the
    // claim: the writer's pauses grow 0.25, 0.5, 1, 2, 4 s, then 5 s from ~9 s on. The database
    // is back (a restart takes 1 to 2 s) within that last pause, and the stop's grace period
    // is far shorter than what is left of it.
    await sleep(9_500);
    await db.restart();
    expect(await worker.stop()).to.equal(0);
    const finished = await client.get(finishing);
    expect(finished.status, 'the finished run is recorded').to.equal('done');
    expect(runsOf(jobsDir, finishing)).to.have.length(1);
    const handedBack = await client.get(claimedLate);
    expect(handedBack.status, 'a claim that landed during the stop is handed back').to.equal('waiting');
    expect(runsOf(jobsDir, claimedLate)).to.have.length(0);
    workers.push(await startWorker(name, configFile));
    await client.waitForStatus(claimedLate, 'done', 30_000);
    expect(runsOf(jobsDir, claimedLate)).to.have.length(1);
    expect(runsOf(jobsDir, finishing), 'the finished task never ran again').to.have.length(1);
  });

  it('runs at most --concurrency jobs at once, the highest priority first among tasks due together', async () => {
    counter += 1;
    const name = `w${counter}`;
    workers.push(await startWorker(name, configFile, ['--concurrency', '1']));
    // Due together, and held together before their claim time (claims are written ahead).
    const date = inSeconds(2 + claimAheadMs() / 1000);
    const ids = await client.postMany([0, 5, 1, -2].map((priority) => ({ worker: name, date, job: { name: 'slow', arguments: [300] }, priority })));
    const tasks = await Promise.all(ids.map((id) => client.waitForStatus(id, 'done', 10_000 + 4 * confirmMs)));
    const started = tasks.map((task) => ({ priority: task.priority as number, at: Date.parse(String(task.started_at)), end: Date.parse(String(task.finished_at)) }));
    started.sort((a, b) => a.at - b.at);
    expect(started.map((run) => run.priority)).to.deep.equal([5, 1, 0, -2]);
    for (let i = 1; i < started.length; i += 1) expect(started[i].at, 'one job at a time').to.be.at.least(started[i - 1].end);
  });

  it('claims tasks due together in the order of their ids, whatever order they came in', async () => {
    const { name } = await newWorker();
    // Far enough ahead that all are held before their claim time, even on a busy machine:
    // tasks that arrive after it are claimed as they arrive, in the order they were posted.
    const date = inSeconds(8 + claimAheadMs() / 1000);
    const suffix = Date.now();
    const ids = Array.from({ length: 200 }, (_, i) => `order-${String((i * 7919) % 200).padStart(3, '0')}-${suffix}`);
    await client.postMany(ids.map((_id) => ({ _id, worker: name, date, job: 'record' })));
    await Promise.all(ids.map((id) => client.waitForStatus(id, 'scheduled', 6000)));
    await Promise.all(ids.map((id) => client.waitForStatus(id, 'done', 15_000 + confirmMs)));
    // Claims that land together start together, in the order their answers came: the claims' order.
    const started = recordedRuns(jobsDir).filter((run) => ids.includes(run.id)).map((run) => run.id);
    expect(started).to.have.length(200);
    const ascending = started.filter((id, i) => i > 0 && id > started[i - 1]).length;
    expect(ascending, 'pairs of consecutive starts in id order (in a random order: about half)').to.be.at.least(190);
  });

  it('leaves tasks beyond its horizon in the database until the window reaches them', async () => {
    counter += 1;
    const name = `w${counter}`;
    // The horizon is longer than the claim's lead (see claimAheadMs), so the task is seen `scheduled` in between.
    workers.push(await startWorker(name, configFile, ['--horizon', '8']));
    const date = inSeconds(13);
    const id = await client.post({ worker: name, date, job: 'record' });
    await sleep(1500);
    expect((await client.get(id)).status ?? 'waiting', 'not held yet').to.equal('waiting');
    await client.waitForStatus(id, 'scheduled', 8000);
    expect(Date.parse(date) - Date.now(), 'scheduled once within the horizon').to.be.below(8000 + 100);
    await client.waitForStatus(id, 'done', 12_000);
    const [run] = runsOf(jobsDir, id);
    expect(run.at).to.be.at.least(Date.parse(date));
    expect(run.at - Date.parse(date)).to.be.below(1000);
  });

  it('stops within its grace periods even when the database is gone', async function () {
    const db = couch.embedded;
    if (!db) this.skip(); // an external CouchDB is not ours to kill
    counter += 1;
    const name = `w${counter}`;
    const worker = await startWorker(name, configFile, ['--grace', '1']);
    workers.push(worker);
    const id = await client.post({ worker: name, date: inSeconds(60), job: 'record' });
    await client.waitForStatus(id, 'scheduled');
    await db.kill();
    const stopping = Date.now();
    try {
      expect(await worker.stop()).to.equal(0);
      expect(Date.now() - stopping).to.be.below(8000);
      expect(worker.output()).to.match(/unwritten: the database is unreachable/);
    } finally {
      await db.restart();
    }
  });

  it('never runs any task twice across all of the above', () => {
    const counts = new Map<string, number>();
    for (const run of recordedRuns(jobsDir)) counts.set(`${run.id}@${run.date}`, (counts.get(`${run.id}@${run.date}`) ?? 0) + 1);
    expect([...counts.values()].filter((count) => count > 1)).to.deep.equal([]);
  });
});
