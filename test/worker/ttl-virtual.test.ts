// The ttl sweep run by a real Worker (lib/worker/worker.ts) on the in-memory store
// (test/support/memory-store.ts) in virtual time. The same end to end against a real worker
// process and the embedded server (or CouchDB): ttl.test.ts.
import { expect } from 'chai';
import { JobRegistry } from '../../lib/jobs/registry';
import type { TaskDoc } from '../../lib/task/types';
import { Worker } from '../../lib/worker/worker';
import { FakeClock } from '../clock/fake-clock';
import { MemoryDatabase } from '../support/memory-store';
import { runUntil, runUntilTrue } from '../support/virtual-time';

const START_MS = Date.parse('2030-01-01T00:00:00Z');
const LEASE_MS = 10_000;
const iso = (ms: number): string => new Date(ms).toISOString();

interface Run {
  clock: FakeClock;
  db: MemoryDatabase;
  lines: string[];
  stop(): Promise<void>;
}

/** A worker `w` serving `tasks` (due at the start), with `defaultTtlMs`. */
function serve(tasks: Array<Partial<TaskDoc> & { _id: string }>, defaultTtlMs?: number): Run {
  const clock = new FakeClock(START_MS);
  const db = new MemoryDatabase({ clock });
  const lines: string[] = [];
  for (const task of tasks) db.put({ worker: 'w', job: 'work', date: iso(START_MS), ...task } as TaskDoc);
  const worker = new Worker({
    name: 'w', store: db.store(0), clock, processId: 'proc-a', log: (line) => lines.push(`${iso(clock.now())} ${line}`),
    jobs: JobRegistry.fromFunctions({ work: () => 'ok', fail: () => { throw new Error('no'); } }),
    leaseMs: LEASE_MS, stopGraceMs: 2000, defaultTtlMs,
  });
  void worker.start();
  return {
    clock, db, lines,
    async stop() {
      let stopped = false;
      void worker.stop().then(() => { stopped = true; });
      await runUntilTrue(clock, () => stopped, clock.now() + 60_000, 'the worker stopped');
    },
  };
}

describe('ttl: finished tasks deleted in virtual time (in-memory store)', function () {
  this.timeout(60_000);

  it('deletes a done task, an error task and a canceled one once their own ttl ran out from their end, and keeps one without a ttl', async () => {
    const run = serve([
      { _id: 'done', ttl: { minutes: 1 } },
      { _id: 'error', job: 'fail', ttl: 'PT1M' },
      { _id: 'cancel', status: 'cancel', ttl: 60_000 },
      { _id: 'kept' },
    ]);
    await runUntilTrue(run.clock, () => ['done', 'error', 'canceled'].every((status) => run.db.winners().some((doc) => doc.status === status)),
      START_MS + 30_000, 'the tasks ended');
    expect(run.db.get('cancel')?.doc.ended_at, 'a cancel stamps its end').to.be.a('string');
    // Still there well within their minute.
    await runUntil(run.clock, START_MS + 50_000);
    expect(['done', 'error', 'cancel', 'kept'].map((id) => run.db.get(id) !== null)).to.deep.equal([true, true, true, true]);
    await runUntilTrue(run.clock, () => ['done', 'error', 'cancel'].every((id) => run.db.get(id) === null), START_MS + 120_000,
      'the tasks were deleted');
    await runUntil(run.clock, START_MS + 600_000);
    expect(run.db.get('kept')?.doc.status, run.lines.join('\n')).to.equal('done');
    expect(run.lines.join('\n')).to.match(/deleted \d finished task\(s\) whose ttl ran out/);
    await run.stop();
  });

  it('with a default ttl, deletes the tasks without a ttl of their own; a task\'s own ttl wins', async () => {
    const run = serve([{ _id: 'default' }, { _id: 'own', ttl: 'PT1H' }], 60_000);
    await runUntilTrue(run.clock, () => run.db.get('default') === null, START_MS + 120_000, 'the task without a ttl was deleted');
    await runUntil(run.clock, START_MS + 1_800_000);
    expect(run.db.get('own')?.doc.status).to.equal('done');
    await runUntilTrue(run.clock, () => run.db.get('own') === null, START_MS + 3_700_000, 'the task with its own ttl was deleted');
    await run.stop();
  });

  it('counts from the first sweep that sees it a final status a user wrote without an end, and keeps a task whose ttl is no delay', async () => {
    const run = serve([
      { _id: 'written', status: 'canceled', ttl: { minutes: 1 } },
      { _id: 'bad', ttl: 'soon' },
    ]);
    await runUntilTrue(run.clock, () => typeof run.db.get('written')?.doc.ended_at === 'string', START_MS + 30_000, 'its end was stamped');
    const endedMs = Date.parse(run.db.get('written')!.doc.ended_at!);
    await runUntilTrue(run.clock, () => run.db.get('written') === null, START_MS + 300_000, 'it was deleted');
    expect(run.clock.now()).to.be.at.least(endedMs + 60_000);
    expect(run.db.get('bad')?.doc).to.include({ status: 'error' });
    expect(run.db.get('bad')?.doc.error?.message).to.match(/^ttl 'soon' is not an ISO 8601 duration/);
    await runUntil(run.clock, START_MS + 600_000);
    expect(run.db.get('bad')).to.not.equal(null);
    await run.stop();
  });
});
