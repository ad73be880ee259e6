// Dependencies (`depends_on`, issue 14) run by real Workers (lib/worker/worker.ts) on the
// in-memory store (test/support/memory-store.ts) in virtual time. The same against real worker
// processes and the embedded server (or CouchDB): dependencies.test.ts.
import { expect } from 'chai';
import type { JobTask } from '../../lib/jobs/job-task';
import { JobRegistry } from '../../lib/jobs/registry';
import type { TaskDoc } from '../../lib/task/types';
import { Worker } from '../../lib/worker/worker';
import { FakeClock } from '../clock/fake-clock';
import { MemoryDatabase } from '../support/memory-store';
import { runUntil, runUntilTrue } from '../support/virtual-time';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

interface Run {
  id: string;
  startMs: number;
  endMs: number;
}

interface World {
  clock: FakeClock;
  db: MemoryDatabase;
  runs: Run[];
  lines: string[];
  workers: Worker[];
  /** Starts a worker of `name` whose job `work` takes `job_ms` (default 1 s) and fails when `fail` is set. */
  start(name: string, processId?: string): Worker;
  post(doc: Partial<TaskDoc> & { _id: string }): void;
  status(id: string): string | undefined;
  runOf(id: string): Run;
  until(what: string, done: () => boolean, withinMs?: number): Promise<void>;
  stopAll(): Promise<void>;
}

function world(): World {
  const clock = new FakeClock(T0);
  const db = new MemoryDatabase({ clock });
  const runs: Run[] = [];
  const lines: string[] = [];
  const workers: Worker[] = [];
  const w: World = {
    clock, db, runs, lines, workers,
    start(name, processId = `proc-${name}-${workers.length}`) {
      const jobs = JobRegistry.fromFunctions({
        work: async (task: JobTask) => {
          const doc = task.doc as TaskDoc;
          const startMs = clock.now();
          await new Promise<void>((resolve) => clock.setTimeout(resolve, typeof doc.job_ms === 'number' ? doc.job_ms : 1000));
          runs.push({ id: task.id, startMs, endMs: clock.now() });
          if (doc.fail === true) throw new Error('it broke');
          return 'ok';
        },
      });
      const worker = new Worker({
        name, store: db.store(0), jobs, clock, processId, leaseMs: 30_000, stopGraceMs: 2000,
        log: (line) => lines.push(`${iso(clock.now())} ${processId}: ${line}`),
      });
      void worker.start();
      workers.push(worker);
      return worker;
    },
    post(doc) {
      const result = db.put({ worker: 'w', date: iso(T0), job: 'work', ...doc } as TaskDoc);
      expect(result.ok, `posted ${doc._id}`).to.equal(true);
    },
    status: (id) => db.get(id)?.doc.status,
    runOf(id) {
      const found = runs.filter((run) => run.id === id);
      expect(found, `the runs of ${id}\n${lines.join('\n')}`).to.have.length(1);
      return found[0];
    },
    async until(what, done, withinMs = 120_000) {
      try {
        await runUntilTrue(clock, done, clock.now() + withinMs, what);
      } catch (err) {
        throw new Error(`${(err as Error).message}\n${lines.join('\n')}`);
      }
    },
    async stopAll() {
      let stopped = false;
      void Promise.all(workers.map((worker) => worker.stop())).then(() => { stopped = true; });
      await runUntilTrue(clock, () => stopped, clock.now() + 120_000, 'the workers stopped');
    },
  };
  return w;
}

const final = (status: string | undefined): boolean => status === 'done' || status === 'error' || status === 'canceled';

describe('dependencies (depends_on) in virtual time (in-memory store)', function () {
  this.timeout(30_000);

  it('runs a diamond in order: A, then B and C, then D once both are done', async () => {
    const w = world();
    w.start('w');
    w.post({ _id: 'A', date: iso(T0 + 5000) });
    w.post({ _id: 'B', depends_on: ['A'], job_ms: 3000 });
    w.post({ _id: 'C', depends_on: ['A'] });
    w.post({ _id: 'D', depends_on: ['B', 'C'] });
    await w.until('D done', () => w.status('D') === 'done');
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((id) => w.runOf(id));
    expect(a.startMs).to.be.at.least(T0 + 5000);
    expect(b.startMs).to.be.at.least(a.endMs);
    expect(c.startMs).to.be.at.least(a.endMs);
    expect(d.startMs).to.be.at.least(Math.max(b.endMs, c.endMs));
    // Learned of from the feed: within a couple of seconds, not at some polling interval.
    expect(d.startMs - b.endMs, w.lines.join('\n')).to.be.below(5000);
    await w.stopAll();
  });

  it('runs a diamond shared by two processes of one name once each, in order, whichever process each task falls to', async () => {
    const w = world();
    w.start('w', 'proc-a');
    w.start('w', 'proc-b');
    const ids = Array.from({ length: 6 }, (_, i) => i);
    // Six diamonds: their tasks fall to both processes.
    for (const i of ids) {
      w.post({ _id: `A${i}`, date: iso(T0 + 5000) });
      w.post({ _id: `B${i}`, depends_on: [`A${i}`], job_ms: 2000 });
      w.post({ _id: `C${i}`, depends_on: [`A${i}`] });
      w.post({ _id: `D${i}`, depends_on: [`B${i}`, `C${i}`] });
    }
    await w.until('every D done', () => ids.every((i) => w.status(`D${i}`) === 'done'));
    for (const i of ids) {
      const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((name) => w.runOf(`${name}${i}`));
      expect(Math.min(b.startMs, c.startMs)).to.be.at.least(a.endMs);
      expect(d.startMs).to.be.at.least(Math.max(b.endMs, c.endMs));
    }
    const by = new Set(ids.flatMap((i) => ['A', 'B', 'C', 'D'].map((name) => w.db.get(`${name}${i}`)!.doc.history?.[0]?.by)));
    expect([...by].sort(), 'both processes ran tasks').to.deep.equal(['proc-a', 'proc-b']);
    await w.stopAll();
  });

  it('ends a task canceled, naming the dependency, when one fails, and its dependents after it', async () => {
    const w = world();
    w.start('w');
    w.post({ _id: 'fails', fail: true });
    w.post({ _id: 'after-fail', depends_on: ['fails'] });
    w.post({ _id: 'after-that', depends_on: ['after-fail'] });
    await w.until('both canceled', () => w.status('after-that') === 'canceled');
    const dependent = w.db.get('after-fail')!.doc;
    expect(dependent.status).to.equal('canceled');
    expect(dependent.error).to.include({ message: "dependency 'fails' ended error: it broke", dependency: 'fails' });
    expect(w.db.get('after-that')!.doc.error).to.include({ message: "dependency 'after-fail' was canceled", dependency: 'after-fail' });
    expect(w.runs.map((run) => run.id)).to.deep.equal(['fails']);
    await w.stopAll();
  });

  it('ends a task canceled when a dependency does not exist', async () => {
    const w = world();
    w.start('w');
    w.post({ _id: 'orphan', depends_on: ['nope'] });
    await w.until('canceled', () => final(w.status('orphan')));
    const orphan = w.db.get('orphan')!.doc;
    expect(orphan.status).to.equal('canceled');
    expect(orphan.error).to.include({ message: "dependency 'nope' does not exist", dependency: 'nope' });
    await w.stopAll();
  });

  it('waits for a dependency of another worker name, learned of from its own feed', async () => {
    const w = world();
    w.start('w');
    w.start('other');
    w.post({ _id: 'theirs', worker: 'other', date: iso(T0 + 20_000) });
    w.post({ _id: 'ours', depends_on: ['theirs'] });
    await w.until('ours done', () => w.status('ours') === 'done');
    expect(w.runOf('ours').startMs).to.be.at.least(w.runOf('theirs').endMs);
    expect(w.runOf('ours').startMs - w.runOf('theirs').endMs).to.be.below(5000);
    await w.stopAll();
  });

  it('starts at its own date when its dependencies were done before it', async () => {
    const w = world();
    w.start('w');
    w.post({ _id: 'early' });
    w.post({ _id: 'late', date: iso(T0 + 60_000), depends_on: ['early'] });
    await w.until('late done', () => w.status('late') === 'done');
    expect(w.runOf('late').startMs).to.equal(T0 + 60_000);
    await w.stopAll();
  });

  it('waits for a repeating dependency until its series ends done', async () => {
    const w = world();
    w.start('w');
    w.post({ _id: 'series', repeat: { seconds: 10, limit: 3 } });
    w.post({ _id: 'after-series', depends_on: ['series'] });
    await w.until('after-series done', () => w.status('after-series') === 'done');
    const seriesRuns = w.runs.filter((run) => run.id === 'series');
    expect(seriesRuns).to.have.length(3);
    expect(w.runOf('after-series').startMs).to.be.at.least(seriesRuns[2].endMs);
    await w.stopAll();
  });

  it('is waited for again by a worker started after another stopped: the awaited ids come back with the held tasks', async () => {
    const w = world();
    const first = w.start('w', 'first');
    w.post({ _id: 'slow', worker: 'other', date: iso(T0 + 30_000) });
    w.post({ _id: 'patient', depends_on: ['slow'] });
    await runUntil(w.clock, T0 + 10_000);
    expect(w.status('patient')).to.not.satisfy(final);
    let stopped = false;
    void first.stop().then(() => { stopped = true; });
    await w.until('the first stopped', () => stopped);
    w.workers.splice(0, 1);
    w.start('w', 'second');
    w.start('other');
    await w.until('patient done', () => w.status('patient') === 'done');
    expect(w.runOf('patient').startMs).to.be.at.least(w.runOf('slow').endMs);
    await w.stopAll();
  });

  it('runs a task without depends_on, or with an empty one, as before', async () => {
    const w = world();
    w.start('w');
    w.post({ _id: 'plain', date: iso(T0 + 5000) });
    w.post({ _id: 'empty', date: iso(T0 + 5000), depends_on: [] });
    await w.until('both done', () => w.status('plain') === 'done' && w.status('empty') === 'done');
    expect(w.runOf('plain').startMs).to.equal(T0 + 5000);
    expect(w.runOf('empty').startMs).to.equal(T0 + 5000);
    await w.stopAll();
  });
});
