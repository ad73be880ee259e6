// The claim and handover protocol in virtual time: real Workers (lib/worker/worker.ts) on the
// in-memory store (test/support/memory-store.ts), which keeps CouchDB's revisions, conflicts
// and, with several copies, sibling leaves with one winner. No test sleeps: the fake clock
// moves from timer to timer. The same protocol against real servers: worker.test.ts and
// many-processes.test.ts.
import { expect } from 'chai';
import { JobRegistry } from '../../lib/jobs/registry';
import type { JobTask } from '../../lib/jobs/job-task';
import type { TaskDoc } from '../../lib/task/types';
import { PeerSet } from '../../lib/worker/peers';
import { Worker } from '../../lib/worker/worker';
import { FakeClock } from '../clock/fake-clock';
import { MemoryDatabase, type MemoryStore } from '../support/memory-store';
import { runUntil, runUntilTrue } from '../support/virtual-time';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

interface Run {
  by: string;
  id: string;
  atMs: number;
  attempts: unknown;
}

interface Process {
  worker: Worker;
  store: MemoryStore;
  lines: string[];
}

/** A worker process `by` on copy `node` of `db`, whose job `work` records its runs in `runs` and settles as `job` says. */
function startProcess(db: MemoryDatabase, clock: FakeClock, node: number, by: string, runs: Run[],
  options: { leaseMs?: number; job?: (task: JobTask) => unknown } = {}): Process {
  const store = db.store(node);
  const lines: string[] = [];
  const jobs = JobRegistry.fromFunctions({
    work: (task: JobTask) => {
      runs.push({ by, id: task.id, atMs: clock.now(), attempts: (task.doc as TaskDoc).attempts });
      return options.job ? options.job(task) : 'ok';
    },
  });
  const worker = new Worker({
    name: 'w', store, jobs, log: (line) => lines.push(`${iso(clock.now())} ${by}: ${line}`), clock, processId: by,
    leaseMs: options.leaseMs ?? 30_000, stopGraceMs: 2000,
  });
  void worker.start();
  return { worker, store, lines };
}

/** A task id that falls to `owner` when it and `other` know each other (rendezvous hashing, see PeerSet). */
function taskOf(owner: string, other: string): string {
  const peers = new PeerSet(owner, 60_000);
  peers.seen(other, 0, 0);
  for (let i = 0; ; i += 1) if (peers.owns(`task-${i}`, 0)) return `task-${i}`;
}

/** A database in virtual time from T0, and the runs its processes record. */
function world(options: { copies?: number; replicationMs?: number; latencyMs?: number } = {}): { clock: FakeClock; db: MemoryDatabase; runs: Run[] } {
  const clock = new FakeClock(T0);
  return { clock, db: new MemoryDatabase({ clock, ...options }), runs: [] };
}

async function stopAll(clock: FakeClock, processes: Process[]): Promise<void> {
  let stopped = false;
  void Promise.all(processes.map((process) => process.worker.stop())).then(() => { stopped = true; });
  await runUntilTrue(clock, () => stopped, clock.now() + 120_000, 'the workers stopped');
}

describe('claims and handovers in virtual time (in-memory store)', function () {
  this.timeout(30_000);

  it('two processes that race for one task on a cluster: both claims land as siblings, one wins on every copy, the task runs once', async () => {
    // Two copies, and a write takes 5 s to reach the other: each process's heartbeat reaches
    // the other only after both have claimed, so neither leaves the task to the other. A
    // request takes 300 ms, more than the 200 ms over which processes spread their claims in a
    // round: both read the task before either claim lands, and both claims are written on the
    // same revision.
    const latencyMs = 300;
    const { clock, db, runs } = world({ copies: 2, replicationMs: 5000, latencyMs });
    const dueMs = T0 + 11_000;
    db.put({ _id: 'race', worker: 'w', date: iso(dueMs), job: 'work' } as TaskDoc, 0);
    await runUntil(clock, T0 + 5500); // the task has reached both copies
    const a = startProcess(db, clock, 0, 'proc-a', runs);
    const b = startProcess(db, clock, 1, 'proc-b', runs);

    await runUntil(clock, dueMs - 1);
    expect(runs, 'no run before the due time').to.deep.equal([]);
    await runUntilTrue(clock, () => db.get('race')?.doc.status === 'done', dueMs + 10_000, 'the task is done');
    // The winner removes the losing leaf a while after its outcome; the removal reaches the other copy 5 s later.
    await runUntil(clock, clock.now() + 15_000);

    expect(runs.map((run) => run.id)).to.deep.equal(['race']);
    // On a cluster the claim is confirmed at the due time, not before: the run starts once that read is answered.
    expect(runs[0].atMs).to.be.within(dueMs, dueMs + latencyMs);
    const winner = runs[0].by;
    const loser = winner === 'proc-a' ? b : a;
    const winnerLines = (winner === 'proc-a' ? a : b).lines;
    expect(winnerLines.some((line) => line.includes('our claim won over 1 concurrent revision(s)')), [...a.lines, ...b.lines].join('\n')).to.equal(true);
    expect(loser.worker.heldCount, 'the loser holds nothing once the task is done').to.equal(0);
    const final = db.get('race');
    expect(final?.doc.status).to.equal('done');
    expect(final?.doc.attempts).to.equal(1);
    expect(final?.conflicts, 'the losing claim was removed').to.deep.equal([]);
    await stopAll(clock, [a, b]);
  });

  it('a lease that ends mid-run: a peer takes the task over once the owner has had a whole lease to renew, and the owner\'s late outcome changes nothing', async () => {
    const { clock, db, runs } = world();
    const leaseMs = 3000;
    let aborted: unknown = null;
    // proc-a's job runs until it is aborted; proc-b's ends at once.
    const a = startProcess(db, clock, 0, 'proc-a', runs, {
      leaseMs, job: (task) => new Promise((resolve) => task.signal.addEventListener('abort', () => { aborted = task.signal.reason; resolve('stopped'); })),
    });
    const b = startProcess(db, clock, 0, 'proc-b', runs, { leaseMs });
    const id = taskOf('proc-a', 'proc-b');
    const dueMs = T0 + 5000;
    await runUntil(clock, T0 + 1000);
    db.put({ _id: id, worker: 'w', date: iso(dueMs), job: 'work' } as TaskDoc);
    await runUntilTrue(clock, () => runs.length === 1, dueMs + 1000, 'proc-a runs the task');
    expect(runs[0]).to.include({ by: 'proc-a', atMs: dueMs });
    // Renewed while proc-a reaches the database.
    await runUntil(clock, dueMs + 2 * leaseMs);
    expect(db.get(id)?.doc.lease?.by).to.equal('proc-a');
    expect(Date.parse(db.get(id)?.doc.lease?.until ?? '')).to.be.greaterThan(clock.now());

    a.store.cut(); // proc-a hangs: its job goes on, its lease and heartbeat are no longer renewed
    const cutMs = clock.now();
    const leaseEndMs = Date.parse(db.get(id)?.doc.lease?.until ?? '');
    await runUntilTrue(clock, () => runs.length === 2, cutMs + 60_000, 'proc-b takes the task over');
    const takeover = runs[1];
    expect(takeover).to.include({ by: 'proc-b', attempts: 2 });
    expect(takeover.atMs, 'not before the lease ended').to.be.greaterThan(leaseEndMs);
    // Takeovers wait until the owner has had a lease to renew after this process's start plus
    // twice the longest retry wait (docs/ARCHITECTURE.md, "Leases and the sweep").
    expect(takeover.atMs).to.be.at.least(T0 + leaseMs + 10_000);
    await runUntilTrue(clock, () => db.get(id)?.doc.status === 'done', clock.now() + 10_000, 'proc-b records its run');

    a.store.heal(); // proc-a's renewal and the rest reach the database: they meet proc-b's writes
    await runUntil(clock, clock.now() + 5000);
    expect(String(aborted)).to.include('the task was changed while it ran');
    const final = db.get(id)?.doc;
    expect(final?.status).to.equal('done');
    expect(final?.attempts).to.equal(2);
    expect(final?.history?.map((run) => run.by)).to.deep.equal(['proc-b']);
    expect(runs).to.have.length(2);
    await stopAll(clock, [a, b]);
  });

  it('renews a running job\'s lease every third of a lease from its start, and never a job shorter than that', async () => {
    const { clock, db, runs } = world();
    const leaseMs = 30_000;
    let finishLong: (value: string) => void = () => undefined;
    const p = startProcess(db, clock, 0, 'proc-a', runs, {
      leaseMs, job: (task) => (task.id === 'long' ? new Promise<string>((resolve) => { finishLong = resolve; }) : 'ok'),
    });
    const leases: Array<{ id: string; untilMs: number; atMs: number }> = [];
    p.store.onWritten((id) => {
      const lease = db.get(id)?.doc.lease;
      if (lease) leases.push({ id, untilMs: Date.parse(lease.until), atMs: clock.now() });
    });
    const dueMs = T0 + 5000;
    await runUntil(clock, T0 + 1000);
    db.put({ _id: 'long', worker: 'w', date: iso(dueMs), job: 'work' } as TaskDoc);
    db.put({ _id: 'short', worker: 'w', date: iso(dueMs + 1000), job: 'work' } as TaskDoc);
    await runUntil(clock, dueMs + 35_000);
    finishLong('done');
    await runUntilTrue(clock, () => db.get('long')?.doc.status === 'done', clock.now() + 5000, 'the long job is recorded');
    // The claim's lease, then one renewal each third of a lease while the job runs (answered
    // after the in-memory store's 1 ms): none for the short job beyond its claim.
    expect(leases.filter((lease) => lease.id === 'short')).to.have.length(1);
    const renewals = leases.filter((lease) => lease.id === 'long').slice(1);
    expect(renewals.map((lease) => lease.atMs - dueMs)).to.deep.equal([10_000, 20_000, 30_000].map((ms) => ms + 1));
    for (const lease of renewals) expect(lease.untilMs - lease.atMs).to.be.within(leaseMs - 200, leaseMs);
    await stopAll(clock, [p]);
  });

  it('an owner that stops hands its scheduled task back, and its peer runs it at its date, once', async () => {
    const { clock, db, runs } = world();
    const a = startProcess(db, clock, 0, 'proc-a', runs);
    const b = startProcess(db, clock, 0, 'proc-b', runs);
    const id = taskOf('proc-a', 'proc-b');
    const dueMs = T0 + 60_000;
    await runUntil(clock, T0 + 1000);
    db.put({ _id: id, worker: 'w', date: iso(dueMs), job: 'work' } as TaskDoc);
    await runUntilTrue(clock, () => db.get(id)?.doc.status === 'scheduled', T0 + 3000, 'proc-a marks the task scheduled');
    expect(a.worker.heldCount).to.equal(1);
    expect(b.worker.heldCount, 'the task falls to proc-a: proc-b does not hold it').to.equal(0);

    await runUntil(clock, T0 + 20_000);
    await stopAll(clock, [a]);
    expect(db.get(id)?.doc.status, 'handed back').to.equal('waiting');
    expect(a.lines.some((line) => line.includes("worker 'w' stopped"))).to.equal(true);
    await runUntilTrue(clock, () => b.worker.heldCount === 1, clock.now() + 5000, 'proc-b takes the stopped process\'s share at once');

    await runUntilTrue(clock, () => db.get(id)?.doc.status === 'done', dueMs + 5000, 'proc-b runs the task');
    expect(runs).to.deep.equal([{ by: 'proc-b', id, atMs: dueMs, attempts: 1 }]);
    await stopAll(clock, [b]);
  });
});
