import { expect } from 'chai';
import {
  HISTORY_LIMIT, toCanceled, toFinished, toGivenUp, toHandedBack, toRunning, toScheduled, type RunTiming,
} from '../../lib/worker/transitions';
import { TaskError } from '../../lib/task/errors';
import { readTask } from '../../lib/task/task';
import type { TaskDoc } from '../../lib/task/types';
import { decide } from '../../lib/worker/decide';

const START = Date.parse('2026-01-31T10:00:00Z');
const timing = { startedMs: START, finishedMs: START + 25, by: 'host/1/aaa' };
const base: TaskDoc = { _id: 't', _rev: '2-x', worker: 'w', date: '2026-01-31T10:00:00Z', job: 'a', status: 'running', lease: { by: 'host/1/aaa', until: '2026-01-31T10:01:00Z' }, mine: 'kept' };

describe('transitions', () => {
  it('records a successful run as done and keeps the user\'s fields', () => {
    const done = toFinished(base, { kind: 'done', result: { n: 1 } }, timing);
    expect(done).to.include({ status: 'done', runs: 1, duration: 25, mine: 'kept', finished_at: '2026-01-31T10:00:00.025Z' });
    expect(done.result).to.deep.equal({ n: 1 });
    expect(done.lease).to.equal(undefined);
    expect(done.history).to.deep.equal([{ started_at: '2026-01-31T10:00:00.000Z', duration: 25, outcome: 'done', by: 'host/1/aaa', due: '2026-01-31T10:00:00.000Z' }]);
  });

  it('records when each run was due: the date as read, a local date in its zone, before a repeat moves it', () => {
    const late = { ...timing, startedMs: START + 1500, finishedMs: START + 1600 };
    const repeating = toFinished({ ...base, repeat: 'PT1H' }, { kind: 'done', result: null }, late);
    expect(repeating.date).to.not.equal(base.date);
    expect(repeating.history?.[0]).to.include({ due: '2026-01-31T10:00:00.000Z', started_at: '2026-01-31T10:00:01.500Z' });
    const zoned = toFinished({ ...base, date: '2026-01-31T11:00:00', tz: 'Europe/Paris' }, { kind: 'error', message: 'x' }, timing);
    expect(zoned.history?.[0]?.due).to.equal('2026-01-31T10:00:00.000Z');
  });

  it('records a failure as error with its message', () => {
    const failed = toFinished(base, { kind: 'error', message: 'boom' }, timing);
    expect(failed.status).to.equal('error');
    expect(failed.error).to.deep.equal({ message: 'boom', at: '2026-01-31T10:00:00.025Z' });
    expect(failed.fails).to.equal(1);
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
    expect(toCanceled(base, 0)).to.include({ status: 'canceled', ended_at: '1970-01-01T00:00:00.000Z' }).and.not.have.property('lease');
    expect(toHandedBack(base)).to.include({ status: 'waiting' }).and.not.have.property('lease');
  });

  describe('retries and limits', () => {
    const boom = { kind: 'error' as const, message: 'boom' };
    const endingAt = (iso: string): RunTiming => ({ startedMs: Date.parse(iso) - 25, finishedMs: Date.parse(iso), by: 'host/1/aaa' });

    it('sends a failed task with a retry back to waiting at its retry date, keeping the error', () => {
      const retrying = toFinished({ ...base, retry: { limit: 3, interval: 'PT30S' }, attempts: 1 }, boom, timing);
      expect(retrying).to.include({ status: 'waiting', date: '2026-01-31T10:00:30.025Z', attempts: 1, fails: 1, runs: 1 });
      expect(retrying.error).to.deep.equal({ message: 'boom', at: '2026-01-31T10:00:00.025Z' });
      expect(retrying).not.to.have.property('lease');
      expect(retrying).not.to.have.property('repeat_from');
    });

    it('waits longer at each retry with an exponential backoff', () => {
      const retry = { limit: 5, interval: 1000, backoff: 'exponential' as const };
      const third = toFinished({ ...base, retry, attempts: 3, fails: 2 }, boom, timing);
      expect(third).to.include({ status: 'waiting', date: '2026-01-31T10:00:04.025Z', fails: 3 });
    });

    it('gives up once retry.limit retries were made: error with the job\'s message and why', () => {
      const failed = toFinished({ ...base, retry: { limit: 2 }, attempts: 3, fails: 2 }, { ...boom, detail: { code: 3 } }, timing);
      expect(failed).to.include({ status: 'error', date: base.date, attempts: 3, fails: 3 });
      expect(failed.error).to.deep.equal({
        code: 3, message: 'boom', at: '2026-01-31T10:00:00.025Z', gave_up: 'no retries left (retry.limit 2)',
      });
    });

    it('gives up at max_fails and at max_attempts', () => {
      const retry = { limit: 9 };
      expect(toFinished({ ...base, retry, max_fails: 2, attempts: 2, fails: 1 }, boom, timing).error)
        .to.have.property('gave_up', 'gave up after 2 failures (max_fails 2)');
      expect(toFinished({ ...base, retry, max_attempts: 3, attempts: 3, fails: 0 }, boom, timing).error)
        .to.have.property('gave_up', 'gave up after 3 attempts (max_attempts 3)');
    });

    it('does not count SCHED_LATER as a failure', () => {
      const later = toFinished({ ...base, retry: { limit: 1 }, attempts: 2, fails: 1 }, { kind: 'later', seconds: 5 }, timing);
      expect(later).to.include({ status: 'waiting', attempts: 2, fails: 1 });
      expect(toFinished(base, { kind: 'later', seconds: 5 }, timing)).not.to.have.property('fails');
    });

    it('counts from 0 over counts a user spoiled', () => {
      expect(toFinished({ ...base, fails: 'many' as unknown as number }, boom, timing)).to.include({ fails: 1 });
      expect(toRunning({ ...base, status: 'waiting', attempts: -3 }, { by: 'p', until: 'u' }, START)).to.include({ attempts: 1 });
    });

    it('keeps the counts of a task that ends, as a record', () => {
      const retry = { limit: 3 };
      expect(toFinished({ ...base, retry, attempts: 3, fails: 2 }, { kind: 'done', result: 1 }, timing))
        .to.include({ status: 'done', attempts: 3, fails: 2 });
    });

    describe('on a repeating task', () => {
      const daily: TaskDoc = { ...base, repeat: { days: 1 }, retry: { limit: 2, interval: 'PT1M' }, attempts: 1 };

      it('retries before the next occurrence, then goes back to the grid with its counts at 0', () => {
        const retrying = toFinished(daily, boom, timing);
        expect(retrying).to.include({ status: 'waiting', date: '2026-01-31T10:01:00.025Z', repeat_from: base.date, fails: 1 });
        const running = { ...retrying, status: 'running' as const, attempts: 2 };
        const done = toFinished(running, { kind: 'done', result: null }, endingAt('2026-01-31T10:01:01Z'));
        expect(done).to.include({ status: 'waiting', date: '2026-02-01T10:00:00.000Z', repeat_from: base.date, attempts: 0, fails: 0 });
      });

      it('goes on with its grid when it gives up', () => {
        const gaveUp = toFinished({ ...daily, attempts: 3, fails: 2 }, boom, timing);
        expect(gaveUp).to.include({ status: 'waiting', date: '2026-02-01T10:00:00.000Z', attempts: 0, fails: 0 });
        expect(gaveUp.error).to.include({ message: 'boom', gave_up: 'no retries left (retry.limit 2)' });
      });

      it('moves on to the next occurrence when it comes before the retry date', () => {
        const everyMinute = { ...daily, repeat: { m: 1 }, retry: { limit: 2, interval: 'PT5M' } };
        const next = toFinished(everyMinute, boom, timing);
        expect(next).to.include({ status: 'waiting', date: '2026-01-31T10:01:00.000Z', attempts: 0, fails: 0 });
        expect(next.error).to.deep.equal({ message: 'boom', at: '2026-01-31T10:00:00.025Z' });
      });

      it('goes on with its grid after a failure without retry, its counts at 0', () => {
        const next = toFinished({ ...base, repeat: { days: 1 }, attempts: 1 }, boom, timing);
        expect(next).to.include({ status: 'waiting', date: '2026-02-01T10:00:00.000Z', attempts: 0, fails: 0 });
        expect(next.error).not.to.have.property('gave_up');
      });
    });

    it('throws TaskError for a retry checkTask refuses', () => {
      expect(() => toFinished({ ...base, retry: { limit: -1 } }, boom, timing)).to.throw(TaskError, /^retry\.limit -1 /);
    });

    it('gives up a task whose process died too often', () => {
      const reason = 'gave up after 3 attempts (max_attempts 3)';
      const givenUp = toGivenUp(readTask({ ...base, max_attempts: 3, attempts: 3 }), reason, START + 60000);
      expect(givenUp).to.include({ status: 'error', attempts: 3, mine: 'kept' }).and.not.have.property('lease');
      expect(givenUp.error).to.deep.equal({ message: reason, at: '2026-01-31T10:01:00.000Z' });
      const daily = toGivenUp(readTask({ ...base, repeat: { days: 1 }, max_attempts: 3, attempts: 3 }), reason, START + 60000);
      expect(daily).to.include({ status: 'waiting', date: '2026-02-01T10:00:00.000Z', repeat_from: base.date, attempts: 0, fails: 0 });
      expect(daily.error).to.deep.equal({ message: reason, at: '2026-01-31T10:01:00.000Z' });
    });
  });
});

describe('transitions and decide, whatever was written in the fields the worker keeps', () => {
  // A user or another program may write anything JSON allows in any field: the run is still
  // recorded and the task still reaches a status, never left `running` by a TypeError.
  const fields = ['history', 'runs', 'attempts', 'fails', 'error', 'lease', 'result', 'started_at', 'finished_at', 'duration', 'repeat_from',
    'repeat_runs'];
  const junk: unknown[] = [0, -1, 1.5, true, false, null, 'x', '', {}, { until: 5 }, [], [1, 'a', null], { by: 3 }];
  const outcomes = [
    { kind: 'done', result: 'r' }, { kind: 'error', message: 'boom' }, { kind: 'later', seconds: 5 },
  ] as const;
  const bases: TaskDoc[] = [base, { ...base, repeat: { s: 10 } }, { ...base, retry: { limit: 2 } }, { ...base, max_attempts: 2 },
    { ...base, tz: 'Europe/Paris', repeat: { cron: '*/10 * * * * *', limit: 3, until: '2027-01-01T00:00:00Z' } }];

  it('records a run with a number of runs and a list of run records', () => {
    for (const start of bases) {
      for (const field of fields) {
        for (const value of junk) {
          const doc = { ...start, [field]: value } as TaskDoc;
          const what = `${field}: ${JSON.stringify(value)}${start.repeat ? ', repeating' : ''}`;
          for (const outcome of outcomes) {
            const next = toFinished(toRunning(doc, { by: 'host/1/aaa', until: '2026-01-31T10:01:00Z' }, START), outcome, timing);
            expect(next.status, what).to.be.oneOf(['done', 'error', 'waiting']);
            expect(next.runs, what).to.be.a('number').and.at.least(1);
            expect(next.history, what).to.be.an('array').that.is.not.empty;
            expect(next.attempts ?? 0, what).to.be.a('number');
            if (next.status === 'waiting') expect(typeof next.date === 'number' ? next.date : Date.parse(next.date), what).to.be.above(START);
          }
          expect(toGivenUp(readTask(doc), 'died', START).status, what).to.be.oneOf(['error', 'waiting']);
          for (const status of ['waiting', 'running', 'scheduled'] as const) {
            const decision = decide(readTask({ ...doc, status }), { now: START, processId: 'host/2/bbb', jobNames: ['a'] });
            expect(decision.kind, `${what}, ${status}`).to.be.oneOf(['hold', 'await-lease', 'invalid', 'give-up']);
          }
        }
      }
    }
  });
});
