import { expect } from 'chai';
import { HISTORY_LIMIT, toCanceled, toFinished, toHandedBack, toRunning, toScheduled } from '../../lib/worker/transitions';
import type { TaskDoc } from '../../lib/task/types';

const START = Date.parse('2026-01-31T10:00:00Z');
const timing = { startedMs: START, finishedMs: START + 25, by: 'host/1/aaa' };
const base: TaskDoc = { _id: 't', _rev: '2-x', worker: 'w', date: '2026-01-31T10:00:00Z', job: 'a', status: 'running', lease: { by: 'host/1/aaa', until: '2026-01-31T10:01:00Z' }, mine: 'kept' };

describe('transitions', () => {
  it('records a successful run as done and keeps the user\'s fields', () => {
    const done = toFinished(base, { kind: 'done', result: { n: 1 } }, timing);
    expect(done).to.include({ status: 'done', runs: 1, duration: 25, mine: 'kept', finished_at: '2026-01-31T10:00:00.025Z' });
    expect(done.result).to.deep.equal({ n: 1 });
    expect(done.lease).to.equal(undefined);
    expect(done.history).to.deep.equal([{ started_at: '2026-01-31T10:00:00.000Z', duration: 25, outcome: 'done', by: 'host/1/aaa' }]);
  });

  it('records a failure as error with its message', () => {
    const failed = toFinished(base, { kind: 'error', message: 'boom' }, timing);
    expect(failed.status).to.equal('error');
    expect(failed.error).to.deep.equal({ message: 'boom', at: '2026-01-31T10:00:00.025Z' });
  });

  it('sends a repeating task back to waiting on its calendar grid (month ends do not drift)', () => {
    const monthly = { ...base, repeat: { months: 1 } };
    const first = toFinished(monthly, { kind: 'done', result: null }, timing);
    expect(first).to.include({ status: 'waiting', repeat_from: '2026-01-31T10:00:00Z' });
    expect(first.date).to.equal('2026-02-28T10:00:00.000Z');
    const second = toFinished({ ...first, status: 'running' }, { kind: 'done', result: null }, { ...timing, startedMs: Date.parse('2026-02-28T10:00:00Z'), finishedMs: Date.parse('2026-02-28T10:00:01Z') });
    expect(second.date).to.equal('2026-03-31T10:00:00.000Z');
  });

  it('coalesces missed occurrences into the next one after now', () => {
    const everyTwo = { ...base, repeat: { s: 2 }, date: '2026-01-31T09:00:00Z' };
    const next = toFinished(everyTwo, { kind: 'done', result: null }, { ...timing, finishedMs: START + 1 });
    expect(next.date).to.equal('2026-01-31T10:00:02.000Z');
  });

  it('waits the asked seconds on SCHED_LATER', () => {
    expect(toFinished(base, { kind: 'later', seconds: 30 }, timing)).to.include({ status: 'waiting', date: '2026-01-31T10:00:30.025Z' });
  });

  it('bounds history', () => {
    const history = Array.from({ length: HISTORY_LIMIT }, () => ({ started_at: 'x', duration: 1, outcome: 'done' as const, by: 'p' }));
    expect(toFinished({ ...base, history }, { kind: 'done', result: 1 }, timing).history).to.have.length(HISTORY_LIMIT);
  });

  it('builds the scheduled, running, canceled and handed-back documents', () => {
    const waiting = { ...base, status: 'reschedule' as const, lease: undefined, repeat_from: 'old' };
    expect(toScheduled(waiting)).to.include({ status: 'scheduled' }).and.not.have.property('repeat_from');
    const lease = { by: 'p', until: 'u' };
    expect(toRunning({ ...base, status: 'waiting' }, lease, START)).to.include({ status: 'running', attempts: 1, started_at: '2026-01-31T10:00:00.000Z' });
    expect(toCanceled(base)).to.include({ status: 'canceled' }).and.not.have.property('lease');
    expect(toHandedBack(base)).to.include({ status: 'waiting' }).and.not.have.property('lease');
  });
});
