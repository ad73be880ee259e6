// Cron tasks in a zone across DST changes, run by a real Worker (lib/worker/worker.ts) on the
// in-memory store (test/support/memory-store.ts) in virtual time: days pass without a sleep.
// The same against a real worker process and the embedded server: cron.test.ts.
import { expect } from 'chai';
import { JobRegistry } from '../../lib/jobs/registry';
import type { TaskDoc } from '../../lib/task/types';
import { Worker } from '../../lib/worker/worker';
import { FakeClock } from '../clock/fake-clock';
import { MemoryDatabase } from '../support/memory-store';
import { runUntilTrue } from '../support/virtual-time';

const DAY_MS = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** Runs `task` from `startMs` until it ends, in virtual time; the times its job ran at, and the task as it ended. */
async function runSeries(startMs: number, task: Omit<TaskDoc, '_id' | 'worker' | 'job'>, horizonMs = 6 * 3_600_000):
  Promise<{ runs: string[]; final: TaskDoc; lines: string[] }> {
  const clock = new FakeClock(startMs);
  const db = new MemoryDatabase({ clock });
  const runs: string[] = [];
  const lines: string[] = [];
  db.put({ _id: 'cron', worker: 'w', job: 'work', ...task } as TaskDoc);
  const worker = new Worker({
    name: 'w', store: db.store(0), clock, processId: 'proc-a', log: (line) => lines.push(`${iso(clock.now())} ${line}`),
    jobs: JobRegistry.fromFunctions({ work: () => { runs.push(iso(clock.now())); return 'ok'; } }),
    // Long leases and a long horizon: fewer heartbeats and window moves to step through over days.
    leaseMs: 600_000, horizonMs, stopGraceMs: 2000,
  });
  void worker.start();
  await runUntilTrue(clock, () => db.get('cron')?.doc.status === 'done', startMs + 5 * DAY_MS, 'the series ended');
  let stopped = false;
  void worker.stop().then(() => { stopped = true; });
  await runUntilTrue(clock, () => stopped, clock.now() + 60_000, 'the worker stopped');
  return { runs, final: db.get('cron')!.doc, lines };
}

describe('cron tasks across DST changes in virtual time (in-memory store)', function () {
  this.timeout(60_000);

  it('Europe/Paris, spring forward: 02:30 runs at 03:00 on the day it does not exist, then at 02:30 again', async () => {
    const { runs, final, lines } = await runSeries(Date.parse('2030-03-29T12:00:00Z'), {
      date: '2030-03-30T02:30:00+01:00', tz: 'Europe/Paris', repeat: { cron: '30 2 * * *', limit: 3 },
    });
    // 01:30Z is 02:30 CET; on the 31st 02:30 is skipped: 03:00 CEST is 01:00Z; then 02:30 CEST is 00:30Z.
    expect(runs, lines.join('\n')).to.deep.equal(['2030-03-30T01:30:00.000Z', '2030-03-31T01:00:00.000Z', '2030-04-01T00:30:00.000Z']);
    expect(final).to.include({ status: 'done', runs: 3, repeat_runs: 3, date: '2030-04-01T02:30:00.000+02:00' });
  });

  it('Europe/Paris, fall back: a daily 09:00 stays 09:00 local', async () => {
    const { runs, final } = await runSeries(Date.parse('2030-10-25T12:00:00Z'), {
      date: '2030-10-26T09:00:00+02:00', tz: 'Europe/Paris', repeat: { cron: '0 9 * * *', until: '2030-10-28T09:00:00+01:00' },
    });
    expect(runs).to.deep.equal(['2030-10-26T07:00:00.000Z', '2030-10-27T08:00:00.000Z', '2030-10-28T08:00:00.000Z']);
    expect(final).to.include({ status: 'done', repeat_runs: 3 });
  });

  it('America/New_York, fall back: 01:30 comes twice and runs once', async () => {
    const { runs, final } = await runSeries(Date.parse('2030-11-01T12:00:00Z'), {
      date: '2030-11-02T01:30:00-04:00', tz: 'America/New_York', repeat: { cron: '30 1 * * *', limit: 3 },
    });
    // 05:30Z is 01:30 EDT; on the 3rd 01:30 EST (06:30Z) does not run; on the 4th 01:30 EST is 06:30Z.
    expect(runs).to.deep.equal(['2030-11-02T05:30:00.000Z', '2030-11-03T05:30:00.000Z', '2030-11-04T06:30:00.000Z']);
    expect(final).to.include({ status: 'done', repeat_runs: 3, date: '2030-11-04T01:30:00.000-05:00' });
  });

  it('runs a date written without offset at its local time, far east and far west of UTC: the window loads it in time', async () => {
    // The worker's default horizon (10 minutes): the view orders these 14 hours before their local time read as UTC.
    const tokyo = await runSeries(Date.parse('2030-01-01T12:00:00Z'), { date: '2030-01-02T09:00:00', tz: 'Asia/Tokyo' }, 600_000);
    expect(tokyo.runs, tokyo.lines.join('\n')).to.deep.equal(['2030-01-02T00:00:00.000Z']);
    const losAngeles = await runSeries(Date.parse('2030-01-01T12:00:00Z'), { date: '2030-01-02T09:00:00', tz: 'America/Los_Angeles' }, 600_000);
    expect(losAngeles.runs).to.deep.equal(['2030-01-02T17:00:00.000Z']);
    expect(losAngeles.final).to.include({ status: 'done', date: '2030-01-02T09:00:00' });
  });

  it('America/New_York, spring forward: a weekday 09:00 stays 09:00 local', async () => {
    const { runs } = await runSeries(Date.parse('2030-03-07T12:00:00Z'), {
      date: '2030-03-08T09:00:00-05:00', tz: 'America/New_York', repeat: { cron: '0 9 * * 1-5', limit: 2 },
    });
    expect(runs).to.deep.equal(['2030-03-08T14:00:00.000Z', '2030-03-11T13:00:00.000Z']);
  });
});
