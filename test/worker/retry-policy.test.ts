import { expect } from 'chai';
import { TaskError } from '../../lib/task/errors';
import type { RetrySettings } from '../../lib/task/rules';
import { readTask, type Task } from '../../lib/task/task';
import type { TaskDoc } from '../../lib/task/types';
import { BACKOFFS, retryDelayMs } from '../../lib/worker/backoffs';
import { attemptsLeft, maxAttemptsReason, planAfterFailure, storedCount, type FailurePlan } from '../../lib/worker/retry-policy';

const NOW = Date.parse('2026-01-31T10:00:00Z');
const task = (fields: Partial<TaskDoc>): Task => readTask({ _id: 't', worker: 'w', date: '2026-01-31T10:00:00Z', job: 'a', ...fields });
const retryIn = (ms: number, retry: number): FailurePlan => ({ kind: 'retry', atMs: NOW + ms, retry });
const giveUp = (reason: string): FailurePlan => ({ kind: 'give-up', reason });

describe('retry delays', () => {
  const settings = (some: Partial<RetrySettings>): RetrySettings => ({ limit: 10, intervalMs: 1000, backoff: 'fixed', maxMs: null, ...some });
  const cases: Array<[string, RetrySettings, number[]]> = [
    ['fixed', settings({}), [1000, 1000, 1000, 1000]],
    ['fixed, capped', settings({ intervalMs: 5000, maxMs: 3000 }), [3000, 3000, 3000, 3000]],
    ['exponential', settings({ backoff: 'exponential' }), [1000, 2000, 4000, 8000]],
    ['exponential, capped', settings({ backoff: 'exponential', maxMs: 5000 }), [1000, 2000, 4000, 5000]],
    ['a fraction of a millisecond, rounded up', settings({ intervalMs: 0.5, backoff: 'exponential' }), [1, 1, 2, 4]],
  ];
  for (const [name, retry, delays] of cases) {
    it(`${name}: ${delays.join(', ')} ms`, () => {
      expect([1, 2, 3, 4].map((n) => retryDelayMs(retry, n))).to.deep.equal(delays);
    });
  }

  it('has a strategy for every backoff checkTask accepts', () => {
    expect(Object.keys(BACKOFFS)).to.have.members(['fixed', 'exponential']);
  });
});

describe('planAfterFailure', () => {
  const cases: Array<[string, Partial<TaskDoc>, FailurePlan]> = [
    // Delays, from the task's own retry.
    ['the default interval', { retry: { limit: 3 }, attempts: 1, fails: 1 }, retryIn(1000, 1)],
    ['a fixed interval', { retry: { limit: 3, interval: 'PT30S' }, attempts: 3, fails: 3 }, retryIn(30000, 3)],
    ['exponential, 1st retry', { retry: { limit: 5, interval: 1000, backoff: 'exponential' }, attempts: 1, fails: 1 }, retryIn(1000, 1)],
    ['exponential, 4th retry', { retry: { limit: 5, interval: 1000, backoff: 'exponential' }, attempts: 4, fails: 4 }, retryIn(8000, 4)],
    ['exponential, capped', { retry: { limit: 9, interval: { s: 30 }, backoff: 'exponential', max: 'PT2M' }, attempts: 5, fails: 5 },
      retryIn(120000, 5)],
    // retry.limit.
    ['no retry', { attempts: 1, fails: 1 }, giveUp('failed and has no retry')],
    ['no retry, whatever the limits', { max_attempts: 5, max_fails: 5, attempts: 1, fails: 1 }, giveUp('failed and has no retry')],
    ['the last retry allowed', { retry: { limit: 2 }, attempts: 2, fails: 2 }, retryIn(1000, 2)],
    ['retry.limit reached', { retry: { limit: 2 }, attempts: 3, fails: 3 }, giveUp('no retries left (retry.limit 2)')],
    ['retry.limit 0', { retry: { limit: 0 }, attempts: 1, fails: 1 }, giveUp('no retries left (retry.limit 0)')],
    // max_fails counts failures only, whatever the attempts.
    ['max_fails reached', { retry: { limit: 9 }, max_fails: 3, attempts: 3, fails: 3 }, giveUp('gave up after 3 failures (max_fails 3)')],
    ['max_fails 2 at the 2nd failure after many starts', { retry: { limit: 9 }, max_fails: 2, max_attempts: 20, attempts: 10, fails: 2 },
      giveUp('gave up after 2 failures (max_fails 2)')],
    ['max_fails 1', { retry: { limit: 9 }, max_fails: 1, attempts: 1, fails: 1 }, giveUp('gave up after 1 failure (max_fails 1)')],
    ['max_fails not reached', { retry: { limit: 9 }, max_fails: 2, attempts: 5, fails: 1 }, retryIn(1000, 1)],
    // max_attempts counts every start, crashed ones too.
    ['max_attempts reached', { retry: { limit: 9 }, max_attempts: 5, attempts: 5, fails: 2 },
      giveUp('gave up after 5 attempts (max_attempts 5)')],
    ['max_attempts 3 with two crashed starts before', { retry: { limit: 9 }, max_attempts: 3, attempts: 3, fails: 1 },
      giveUp('gave up after 3 attempts (max_attempts 3)')],
    ['max_attempts not reached', { retry: { limit: 9 }, max_attempts: 3, attempts: 2, fails: 1 }, retryIn(1000, 1)],
    // The first reason that applies.
    ['retry.limit before max_fails', { retry: { limit: 1 }, max_fails: 2, attempts: 2, fails: 2 },
      giveUp('no retries left (retry.limit 1)')],
    ['max_fails before max_attempts', { retry: { limit: 9 }, max_fails: 2, max_attempts: 2, attempts: 2, fails: 2 },
      giveUp('gave up after 2 failures (max_fails 2)')],
    // A retry date no task date can hold.
    ['a retry after year 9999', { retry: { limit: 99, interval: 'P1D', backoff: 'exponential' }, attempts: 40, fails: 40 },
      giveUp('retry 40 would be due after 9999-12-31, the last date a task can have')],
    ['the same, capped', { retry: { limit: 99, interval: 'P1D', backoff: 'exponential', max: 'P7D' }, attempts: 40, fails: 40 },
      retryIn(7 * 86400000, 40)],
  ];
  for (const [name, fields, plan] of cases) {
    it(name, () => {
      expect(planAfterFailure(task(fields), NOW)).to.deep.equal(plan);
    });
  }

  it('throws TaskError, with checkTask\'s message, for a task checkTask refuses', () => {
    expect(() => planAfterFailure(task({ retry: { limit: -1 }, fails: 1 }), NOW)).to.throw(TaskError,
      'retry.limit -1 is not a number of retries; use a whole number >= 0');
    expect(() => planAfterFailure(task({ max_fails: 0, fails: 1 }), NOW)).to.throw(TaskError, /^max_fails 0 /);
  });

  it('expects fails to count the failure it plans for', () => {
    expect(() => planAfterFailure(task({ retry: { limit: 1 } }), NOW)).to.throw(RangeError);
    expect(() => planAfterFailure(task({ retry: { limit: 1 }, fails: 0 }), NOW)).to.throw(RangeError);
  });
});

describe('storedCount', () => {
  it('reads a whole number >= 0, and anything else as 0', () => {
    expect([0, 1, 7, undefined, null, -1, 1.5, '3', NaN, Infinity, {}].map(storedCount)).to.deep.equal([0, 1, 7, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('attemptsLeft', () => {
  const cases: Array<[Partial<TaskDoc>, boolean]> = [
    [{}, true],
    [{ attempts: 100 }, true],
    [{ max_attempts: 1 }, true],
    [{ max_attempts: 3, attempts: 2 }, true],
    [{ max_attempts: 3, attempts: 3 }, false],
    [{ max_attempts: 3, attempts: 4, retry: { limit: 9 } }, false],
  ];
  for (const [fields, left] of cases) {
    it(`${JSON.stringify(fields)}: ${left}`, () => {
      expect(attemptsLeft(task(fields))).to.equal(left);
    });
  }

  it('says why in the words planAfterFailure uses', () => {
    expect(maxAttemptsReason(task({ max_attempts: 1, attempts: 1 }))).to.equal('gave up after 1 attempt (max_attempts 1)');
    expect(maxAttemptsReason(task({ max_attempts: 3, attempts: 3 }))).to.equal('gave up after 3 attempts (max_attempts 3)');
  });
});
