// Several processes serving one worker name against one database: each due time runs once
// while processes live; a killed process's task is run again by another once its lease ends.
import { expect } from 'chai';
import path from 'node:path';
import { openTestCouch, type TestCouch } from '../support/test-couch';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { TasksClient } from '../support/tasks-client';
import { startWorker, type WorkerProcess } from '../support/worker-process';
import { recordedRuns, runsOf, writeRecordingJobs } from '../support/recording-jobs';
import { heartbeatId, heartbeatOf, type HeartbeatDoc } from '../../lib/db/heartbeats';
import { PeerSet } from '../../lib/worker/peers';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The ids among `ids` that still have sibling revisions after `withinMs` (the ones that cleared are dropped as they do). */
async function conflictedTasks(client: TasksClient, ids: string[], withinMs: number): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const stored = await client.request('POST', '/_all_docs?include_docs=true&conflicts=true', { keys: ids });
    const conflicted = (stored.body.rows as Array<{ id: string; doc: { _conflicts?: string[] } }>)
      .filter((row) => row.doc._conflicts !== undefined).map((row) => row.id);
    if (conflicted.length === 0 || Date.now() > deadline) return conflicted;
    await sleep(500);
  }
}

describe('many processes on one worker name', function () {
  this.timeout(120_000);
  let couch: TestCouch;
  let dir: string;
  let jobsDir: string;
  const workers: WorkerProcess[] = [];

  before(async () => {
    dir = makeTempDir('after-many-test-');
    jobsDir = writeRecordingJobs(path.join(dir, 'jobs'));
    couch = await openTestCouch();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.kill()));
  });

  after(async () => {
    await couch.close();
    removeTempDir(dir);
  });

  /** The heartbeat documents of the processes serving 'shared'. */
  async function heartbeats(client: TasksClient): Promise<HeartbeatDoc[]> {
    const prefix = heartbeatId('shared', '');
    const { body } = await client.request('GET', `/_all_docs?include_docs=true&startkey=${encodeURIComponent(JSON.stringify(prefix))}&endkey=${encodeURIComponent(JSON.stringify(`${prefix}\ufff0`))}`);
    return (body.rows as Array<{ doc: HeartbeatDoc }>).map((row) => row.doc);
  }

  async function setUp(processes: number, extraArgs: string[] = [], prepare?: (client: TasksClient) => Promise<void>): Promise<{ client: TasksClient; procs: WorkerProcess[] }> {
    const db = await couch.newDatabase('many');
    if (prepare) await prepare(new TasksClient(couch.url, db));
    // On a cluster, each process talks to another node.
    const configs = Array.from({ length: processes }, (_, i) => couch.writeConfig(dir, db, jobsDir, `config-${db}-${i}.json`, i));
    const procs = await Promise.all(configs.map((configFile) => startWorker('shared', configFile, extraArgs)));
    workers.push(...procs);
    return { client: new TasksClient(couch.url, db), procs };
  }

  it('runs each of 500 tasks due in the same second exactly once across three processes, and shares them', async () => {
    const { client } = await setUp(3, ['--concurrency', '100']); // so that no one process can take the whole burst
    const due = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3000).toISOString();
    const ids = await client.postMany(Array.from({ length: 500 }, (_, i) => ({ worker: 'shared', date: due, job: { name: 'record', arguments: [i] } })));
    const deadline = Date.now() + 60_000;
    for (const id of ids) await client.waitForStatus(id, 'done', Math.max(1, deadline - Date.now()));
    await sleep(1000); // a second run, if any, would have started by now
    const runs = recordedRuns(jobsDir).filter((run) => ids.includes(run.id));
    expect(runs).to.have.length(500);
    expect(new Set(runs.map((run) => run.id)).size).to.equal(500);
    for (const run of runs) expect(run.at).to.be.at.least(Date.parse(due));
    const byProcess = new Set((await Promise.all(ids.slice(0, 50).map((id) => client.get(id)))).map((task) => (task.history as Array<{ by: string }>)[0].by));
    expect(byProcess.size, 'more than one process took part').to.be.greaterThan(1);
    // On a cluster, concurrent claims leave sibling revisions: the winners remove them, a few seconds after the run.
    expect(await conflictedTasks(client, ids, 20_000), 'tasks left with sibling revisions').to.deep.equal([]);
  });

  it('shares tasks out from the first one when processes start together: they know each other from their heartbeats', async () => {
    const { client } = await setUp(2);
    const live = (await heartbeats(client)).map((doc) => heartbeatOf(doc, 'shared'));
    expect(live.map((beat) => (beat?.untilMs ?? 0) > Date.now())).to.deep.equal([true, true]);
    const [a, b] = live.map((beat) => beat?.id as string);
    const ids = await client.postMany(Array.from({ length: 300 }, (_, i) => ({ worker: 'shared', date: new Date().toISOString(), job: { name: 'record', arguments: [i] } })));
    const deadline = Date.now() + 60_000;
    for (const id of ids) await client.waitForStatus(id, 'done', Math.max(1, deadline - Date.now()));
    // Each task falls to one of the two (PeerSet's rendezvous hashing); the other steps in
    // only if the owner has not claimed it a while after its date. Without the heartbeats the
    // two met on the first tasks before they knew each other, and raced for them.
    const seenByA = new PeerSet(a, 30_000);
    seenByA.seen(b, Date.now());
    const tasks = await Promise.all(ids.map((id) => client.get(id)));
    const runByOwner = tasks.filter((task) => (task.history as Array<{ by: string }>)[0].by === (seenByA.owns(task._id as string, Date.now()) ? a : b));
    expect(runByOwner.length, 'tasks run by the process they fall to').to.be.at.least(285);
  });

  it('keeps a heartbeat while it runs, ends it when it stops, and deletes those of processes long dead', async () => {
    const dead = heartbeatId('shared', 'gone/1/aa');
    const { client, procs } = await setUp(1, ['--lease', '3'], async (prepared) => {
      const until = new Date(Date.now() - 3_600_000).toISOString();
      const put = await prepared.request('PUT', `/${encodeURIComponent(dead)}`, { after_process: { worker: 'shared', id: 'gone/1/aa', started_at: until, until } });
      expect(put.status).to.equal(201);
    });
    const deadline = Date.now() + 10_000;
    while ((await heartbeats(client)).some((doc) => doc._id === dead) && Date.now() < deadline) await sleep(200);
    const beats = await heartbeats(client);
    expect(beats.map((doc) => heartbeatOf(doc, 'shared')?.untilMs ?? 0).filter((untilMs) => untilMs > Date.now())).to.have.length(1);
    expect(beats.map((doc) => doc._id)).to.not.include(dead);
    // Deleted by a peer that took this process for dead: the next beat (a third of a lease) writes it anew.
    const [own] = beats;
    expect((await client.request('DELETE', `/${encodeURIComponent(own._id)}?rev=${own._rev as string}`)).status).to.equal(200);
    // On a cluster `_all_docs` reads one copy of each shard, so keep the read that saw it.
    const again = Date.now() + 10_000;
    let renewed = await heartbeats(client);
    while (renewed.length === 0 && Date.now() < again) {
      await sleep(200);
      renewed = await heartbeats(client);
    }
    expect(renewed, 'the heartbeat written anew').to.have.length(1);
    expect(heartbeatOf(renewed[0], 'shared')?.untilMs).to.be.above(Date.now());
    expect(await procs[0].stop()).to.equal(0);
    const stoppedAt = Date.now();
    // A live beat reaches a lease (3 s) ahead; the ended one is dated before the stop returned.
    const endedUntil = async (): Promise<number | undefined> => {
      const [doc] = await heartbeats(client);
      return doc === undefined ? undefined : heartbeatOf(doc, 'shared')?.untilMs;
    };
    const settled = Date.now() + 2_000;
    while (((await endedUntil()) ?? Infinity) > stoppedAt && Date.now() < settled) await sleep(100);
    expect(await endedUntil(), 'the ended heartbeat').to.be.at.most(stoppedAt);
  });

  it('runs again, within lease + 10 s, a task whose process was killed mid-job', async () => {
    const { client, procs } = await setUp(2, ['--lease', '2']);
    // A process takes nothing over before a lease plus two 5 s retry waits after its own start
    // (it cannot know of an outage before it): wait that out, as a long-running process would have.
    await sleep(2000 + 2 * 5000 + 500);
    const id = await client.post({ worker: 'shared', date: Date.now(), job: { name: 'slow', arguments: [3000] } });
    const running = await client.waitForStatus(id, 'running');
    const holder = procs.find((proc) => (running.lease as { by: string }).by.includes(`/${proc.pid}/`));
    expect(holder, 'the lease names a live process').to.not.equal(undefined);
    // The claim lands a moment before the job starts: kill it mid-job, not in between.
    while (runsOf(jobsDir, id).length < 1) await sleep(20);
    const killedAt = Date.now();
    await (holder as WorkerProcess).kill();
    const survivor = procs.find((proc) => proc !== holder) as WorkerProcess;
    const done = await client.waitForStatus(id, 'done', 2000 + 10_000 + 3000).catch((err: Error) => {
      throw new Error(`${err.message}\nthe other process said:\n${survivor.output()}`);
    });
    expect(Date.now() - killedAt).to.be.below(2000 + 10_000 + 3000);
    expect(done.attempts).to.equal(2);
    expect(runsOf(jobsDir, id)).to.have.length(2);
    expect((done.history as Array<{ by: string }>)[0].by).to.not.include(`/${(holder as WorkerProcess).pid}/`);
  });

  it('runs the waiting tasks of processes that were killed or stopped: the one left takes their share', async () => {
    const { client, procs } = await setUp(3, ['--lease', '2']);
    const due = Date.now() + 5000;
    const ids = await client.postMany(Array.from({ length: 90 }, (_, i) => ({ worker: 'shared', date: new Date(due).toISOString(), job: { name: 'record', arguments: [i] } })));
    // Each process reads only the tasks that fall to it: wait until all three hold theirs.
    const marked = Date.now() + 4000;
    while (Date.now() < marked && (await Promise.all(ids.map((id) => client.get(id)))).some((task) => task.status !== 'scheduled')) await sleep(100);
    const [killed, stopped, left] = procs;
    await killed.kill();
    expect(await stopped.stop()).to.equal(0);
    // The killed one's heartbeat ends a lease after its last beat; the stopped one's at once.
    const deadline = Date.now() + 30_000;
    for (const id of ids) await client.waitForStatus(id, 'done', Math.max(1, deadline - Date.now()));
    await sleep(1000);
    const runs = recordedRuns(jobsDir).filter((run) => ids.includes(run.id));
    expect(runs, 'each task ran once').to.have.length(90);
    expect(new Set(runs.map((run) => run.id)).size).to.equal(90);
    const byLeft = (await Promise.all(ids.map((id) => client.get(id))))
      .filter((task) => (task.history as Array<{ by: string }>)[0].by.includes(`/${left.pid}/`));
    expect(byLeft.length, 'tasks run by the process left').to.equal(90);
  });

  it('keeps the outcomes of jobs that finish while the database is down, and loses no task', async function () {
    const db = couch.embedded;
    if (!db) this.skip(); // an external CouchDB is not ours to kill
    const { client, procs } = await setUp(1);
    const ids = await client.postMany(Array.from({ length: 20 }, (_, i) => ({ worker: 'shared', date: Date.now(), job: { name: 'slow', arguments: [1500 + i * 10] } })));
    for (const id of ids) await client.waitForStatus(id, 'running');
    await db.kill();
    await sleep(3000); // every job finishes while the database is away
    await db.restart();
    for (const id of ids) {
      const task = await client.waitForStatus(id, 'done', 30_000);
      expect(task.result).to.equal('slow done');
      expect(runsOf(jobsDir, id)).to.have.length(1);
    }
    expect(procs[0].output()).to.match(/database is back/);
    expect(procs[0].output().match(/cannot write|changes feed lost/g)?.length ?? 0, 'the outage is reported once per path, not in a loop').to.be.below(4);
  });

  it('runs a conflicted task once and removes the losing revision (what a cluster race leaves)', async () => {
    const { client } = await setUp(1);
    const base = { _id: `conflicted-${Date.now()}`, worker: 'shared', date: Date.now() + 1500, job: 'record' };
    // Two revisions written as if through two nodes: CouchDB (and PouchDB) keep both, one wins.
    const crafted = await client.request('POST', '/_bulk_docs', {
      new_edits: false,
      docs: [{ ...base, _rev: '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }, { ...base, _rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', note: 'other node' }],
    });
    expect(crafted.status).to.equal(201);
    await client.waitForStatus(base._id, 'done', 10_000);
    expect(runsOf(jobsDir, base._id)).to.have.length(1);
    expect(await conflictedTasks(client, [base._id], 20_000), 'the losing revision is gone').to.deep.equal([]);
  });

  it('removes a losing revision that appears under a task it holds, whose winner is its own write', async () => {
    const { client } = await setUp(1);
    const base = { _id: `late-sibling-${Date.now()}`, worker: 'shared', date: Date.now() + 4000, job: 'record' };
    await client.request('POST', '/_bulk_docs', { new_edits: false, docs: [{ ...base, _rev: '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }] });
    await client.waitForStatus(base._id, 'scheduled', 3000); // the worker holds it, and its write (generation 2) wins
    await client.request('POST', '/_bulk_docs', { new_edits: false, docs: [{ ...base, _rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', note: 'other node' }] });
    await client.waitForStatus(base._id, 'done', 10_000);
    expect(runsOf(jobsDir, base._id)).to.have.length(1);
    expect(await conflictedTasks(client, [base._id], 20_000), 'the losing revision is gone').to.deep.equal([]);
  });

  it('aborts a job that outlives its timeout and records the failure', async () => {
    const { client } = await setUp(1);
    const id = await client.post({ worker: 'shared', date: Date.now(), job: { name: 'slow', arguments: [10_000] }, timeout: 500 });
    const task = await client.waitForStatus(id, 'error', 5000);
    expect((task.error as { message: string }).message).to.match(/timed out after 500 ms/);
    expect(task.duration as number).to.be.below(3000);
  });
});
