// The documents a worker writes for a repeat that ends (`repeat.limit`, `repeat.until`) and for
// a cron repeat in a zone: transitions.ts.
import { expect } from 'chai';
import type { JobOutcome } from '../../lib/jobs/types';
import type { TaskDoc } from '../../lib/task/types';
import { toFinished, toGivenUp, toRunning, toScheduled, type RunTiming } from '../../lib/worker/transitions';
import { readTask } from '../../lib/task/task';

const ok: JobOutcome = { kind: 'done', result: 'ok' };
const boom: JobOutcome = { kind: 'error', message: 'boom' };
const lease = { by: 'host/1/aaa', until: '2030-12-31T00:00:00Z' };

/** The run of `doc` at its date, 25 ms long. */
function ranAt(doc: TaskDoc): RunTiming {
  const startedMs = readTask(doc).date.ms;
  return { startedMs, finishedMs: startedMs + 25, by: 'host/1/aaa' };
}

/** `doc` running, then finished with `outcome`. */
function run(doc: TaskDoc, outcome: JobOutcome = ok): TaskDoc {
  const running = toRunning(doc, lease, readTask(doc).date.ms);
  return toFinished(running, outcome, ranAt(doc));
}

describe('transitions of a repeat that ends', () => {
  const daily: TaskDoc = { _id: 't', worker: 'w', job: 'a', date: '2030-03-30T09:00:00+01:00', tz: 'Europe/Paris', status: 'waiting', mine: 'kept' };

  it('ends done after `limit` runs, the first counted, each occurrence counted once in repeat_runs', () => {
    const first = run({ ...daily, repeat: { cron: '0 9 * * *', limit: 3 } });
    expect(first).to.include({ status: 'waiting', date: '2030-03-31T09:00:00.000+02:00', repeat_runs: 1, repeat_from: daily.date, mine: 'kept' });
    const second = run(first);
    expect(second).to.include({ status: 'waiting', date: '2030-04-01T09:00:00.000+02:00', repeat_runs: 2 });
    const third = run(second);
    expect(third).to.include({ status: 'done', date: '2030-04-01T09:00:00.000+02:00', repeat_runs: 3, runs: 3, result: 'ok', mine: 'kept' });
    expect(third.lease).to.equal(undefined);
  });

  it('ends done at once with limit 1', () => {
    expect(run({ ...daily, repeat: { days: 1, limit: 1 } })).to.include({ status: 'done', repeat_runs: 1, runs: 1 });
  });

  it('ends done when its next date would be past `until`', () => {
    const first = run({ ...daily, repeat: { days: 1, until: '2030-03-31T09:00:00+02:00' } });
    expect(first).to.include({ status: 'waiting', date: '2030-03-31T09:00:00.000+02:00', repeat_runs: 1 });
    expect(run(first)).to.include({ status: 'done', repeat_runs: 2 });
  });

  it('ends done after a last run that failed, its error kept', () => {
    const last = run({ ...daily, repeat: { days: 1, limit: 1 } }, boom);
    expect(last).to.include({ status: 'done', fails: 1, repeat_runs: 1 });
    expect(last.error).to.include({ message: 'boom' });
  });

  it('retries a last run that failed when it has retries left, and ends once it is done', () => {
    const last = { ...daily, repeat: { days: 1, limit: 1 }, retry: { limit: 2, interval: 'PT1M' } };
    const retrying = run(last, boom);
    expect(retrying).to.include({ status: 'waiting', date: '2030-03-30T08:01:00.025Z', fails: 1 });
    expect(retrying).not.to.have.property('repeat_runs');
    expect(run(retrying)).to.include({ status: 'done', repeat_runs: 1 });
  });

  it('ends done when a process died on its last run and no attempts are left', () => {
    const dead = { ...daily, status: 'running' as const, lease, repeat: { days: 1, limit: 2 }, repeat_runs: 1, max_attempts: 1, attempts: 1 };
    expect(toGivenUp(readTask(dead), 'gave up', Date.parse('2030-03-30T08:01:00Z'))).to.include({ status: 'done', repeat_runs: 2 });
  });

  it('counts a catch-up of missed occurrences as one run', () => {
    const late = { ...daily, repeat: { cron: '0 9 * * *', limit: 2 } };
    const running = toRunning(late, lease, Date.parse('2030-04-05T12:00:00Z'));
    const caughtUp = toFinished(running, ok, { startedMs: Date.parse('2030-04-05T12:00:00Z'), finishedMs: Date.parse('2030-04-05T12:00:01Z'), by: 'x' });
    expect(caughtUp).to.include({ status: 'waiting', date: '2030-04-06T09:00:00.000+02:00', repeat_runs: 1 });
  });

  it('counts anew after a reschedule, which starts the series again', () => {
    const rescheduled = { ...daily, status: 'reschedule' as const, repeat: { days: 1, limit: 2 }, repeat_runs: 2, repeat_from: '2030-01-01T09:00:00+01:00' };
    expect(toScheduled(rescheduled)).not.to.have.any.keys('repeat_runs', 'repeat_from');
    expect(toRunning(rescheduled, lease, 0)).not.to.have.any.keys('repeat_runs', 'repeat_from');
    expect(run(rescheduled)).to.include({ status: 'waiting', repeat_runs: 1, repeat_from: daily.date });
  });

  it('reads a repeat_runs that holds what is no count as none', () => {
    for (const junk of [null, -3, 'two', 1.5, [], { n: 1 }]) {
      expect(run({ ...daily, repeat: { days: 1, limit: 2 }, repeat_runs: junk as never }), JSON.stringify(junk)).to.include({ status: 'waiting', repeat_runs: 1 });
    }
  });
});
