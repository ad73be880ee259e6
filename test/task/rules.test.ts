// The values taskRules computes (its messages are in check-task.test.ts).
import { expect } from 'chai';
import {
  dateProblem, durationMs, repeatAmounts, repeatProblem, retryProblem, retrySettings, taskDateMs, type RepeatAmounts,
  type RetrySettings,
} from '../../lib/task/rules';

function amounts(some: Partial<RepeatAmounts>): RepeatAmounts {
  return { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, milliseconds: 0, ...some };
}

describe('taskRules', () => {
  describe('dateMs', () => {
    const cases: Array<[unknown, number]> = [
      // No offset is UTC.
      ['2013-01-12', Date.UTC(2013, 0, 12)],
      ['2013-01-12T10:00', Date.UTC(2013, 0, 12, 10)],
      ['2013-01-12T10:00:30', Date.UTC(2013, 0, 12, 10, 0, 30)],
      ['2013-01-12T10:00Z', Date.UTC(2013, 0, 12, 10)],
      // Offsets, with or without a colon, at both ends of the range.
      ['2013-01-12T10:00:00+02:00', Date.UTC(2013, 0, 12, 8)],
      ['2013-01-12T10:00:00+0200', Date.UTC(2013, 0, 12, 8)],
      ['2013-01-12T10:00:00-05:30', Date.UTC(2013, 0, 12, 15, 30)],
      ['2013-01-12T10:00-00:00', Date.UTC(2013, 0, 12, 10)],
      ['2013-01-12T01:00:00+14:00', Date.UTC(2013, 0, 11, 11)],
      ['2013-01-12T23:00:00-12:00', Date.UTC(2013, 0, 13, 11)],
      // Fractions of seconds: milliseconds kept, finer ones dropped.
      ['2013-01-12T10:00:00.5Z', Date.UTC(2013, 0, 12, 10, 0, 0, 500)],
      ['2013-01-12T10:00:00.05', Date.UTC(2013, 0, 12, 10, 0, 0, 50)],
      ['2013-01-12T10:00:00.123', Date.UTC(2013, 0, 12, 10, 0, 0, 123)],
      ['2013-01-12T10:00:00.123456789Z', Date.UTC(2013, 0, 12, 10, 0, 0, 123)],
      ['2013-01-12T10:00:00.9999+01:00', Date.UTC(2013, 0, 12, 9, 0, 0, 999)],
      // Leap days, and years that Date.UTC would read as 19xx.
      ['2012-02-29', Date.UTC(2012, 1, 29)],
      ['2000-02-29T12:00', Date.UTC(2000, 1, 29, 12)],
      ['0000-01-01', -62167219200000],
      ['0099-12-31T23:59:59.999Z', -59011459200001],
      ['9999-12-31T23:59:59.999-12:00', 253402343999999],
      // Epoch milliseconds as they are.
      [100000000000, 100000000000],
      [1357984800000, 1357984800000],
      [253402300799999, 253402300799999],
    ];

    it('reads ISO 8601 and epoch milliseconds', () => {
      for (const [date, ms] of cases) {
        expect(taskDateMs(date), String(date)).to.equal(ms);
        expect(dateProblem(date), String(date)).to.equal(null);
      }
    });

    it('does not depend on the local time zone', () => {
      const zone = process.env.TZ;
      try {
        process.env.TZ = 'Pacific/Kiritimati';
        expect(taskDateMs('2013-01-12T10:00')).to.equal(Date.UTC(2013, 0, 12, 10));
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    });

    it('is null for whatever dateProblem refuses', () => {
      const refused: unknown[] = [
        undefined, null, '', 'soon', '2013-02-29', '1900-02-29', '2013-13-01', '2013-01-12T24:00', '2013-01-12T10:60',
        '2013-01-12T10:00:60', '2013-01-12T10:00:00+14:01', '2013-01-12T10:00:00-12:01', '2013-01-12T10:00:00+02:60',
        '2013-01-12T10:00:00+02', '2013-01-12 10:00', '2013-01-12T10:00:00,5', -1, 1.5, 8.64e15 + 1, NaN, Infinity,
        '1357984800000', [2013, 0, 12], {},
      ];
      for (const date of refused) {
        expect(taskDateMs(date), String(date)).to.equal(null);
        expect(dateProblem(date), String(date)).to.be.a('string');
      }
    });
  });

  describe('repeatAmounts', () => {
    const cases: Array<[unknown, RepeatAmounts]> = [
      [{ days: 7, months: 1 }, amounts({ months: 1, days: 7 })],
      [{ y: 1, M: 2, w: 3, d: 4, h: 5, m: 6, s: 7, ms: 8 },
        amounts({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7, milliseconds: 8 })],
      [{ d: 1, days: 2 }, amounts({ days: 3 })],
      [{ hours: 1.5, h: 0.25 }, amounts({ hours: 1.75 })],
      [{ ms: 500.5, s: 0.5005 }, amounts({ milliseconds: 500.5, seconds: 0.5005 })],
      [{ days: 0, ms: 1000 }, amounts({ milliseconds: 1000 })],
      ['P1M7D', amounts({ months: 1, days: 7 })],
      ['P1Y2M3W4DT5H6M7.5S', amounts({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 })],
      ['PT1,5S', amounts({ seconds: 1.5 })],
      ['PT1.5H', amounts({ hours: 1.5 })],
      ['PT36H', amounts({ hours: 36 })],
      ['P0DT1S', amounts({ seconds: 1 })],
    ];

    it('sums the amounts per unit, from objects and ISO 8601 durations', () => {
      for (const [repeat, expected] of cases) {
        expect(repeatAmounts(repeat), JSON.stringify(repeat)).to.deep.equal(expected);
        expect(repeatProblem(repeat), JSON.stringify(repeat)).to.equal(null);
      }
    });

    it('is null for whatever repeatProblem refuses', () => {
      const refused: unknown[] = [
        undefined, null, 7, 'P', 'PT', 'P1DT', '-P1D', 'P1.5D', 'PT0S', 'P0D', 'PT0.0001S', {}, { days: 0 }, { foo: 3 },
        { D: 7 }, { days: -1 }, { days: 1.5 }, { d: '7' }, { ms: 0.5 }, [], [1, 'day'],
      ];
      for (const repeat of refused) {
        expect(repeatAmounts(repeat), String(JSON.stringify(repeat))).to.equal(null);
        expect(repeatProblem(repeat), String(JSON.stringify(repeat))).to.be.a('string');
      }
    });
  });

  describe('durationMs', () => {
    const DAY = 86400000;
    const cases: Array<[unknown, number]> = [
      [1000, 1000],
      [0.5, 0.5],
      [{ seconds: 30 }, 30000],
      ['PT30S', 30000],
      ['PT1.5H', 5400000],
      [{ w: 1, h: 1 }, 7 * DAY + 3600000],
      [{ d: 1, days: 2 }, 3 * DAY],
      // Calendar units at their Gregorian average: a month is 30.436875 days, a year 365.2425.
      ['P1M', 2629746000],
      ['P1Y', 31556952000],
      [{ M: 1, d: 1 }, 2629746000 + DAY],
      [{ ms: 0.5, s: 0.0005 }, 1],
    ];

    it('gives milliseconds for a number or a duration', () => {
      for (const [value, ms] of cases) expect(durationMs(value), JSON.stringify(value)).to.equal(ms);
    });

    it('is null for anything else', () => {
      for (const value of [0, -1, NaN, Infinity, 'soon', '1000', 'PT0S', {}, { foo: 1 }, { ms: 0.5 }, null, undefined, true, []]) {
        expect(durationMs(value), String(JSON.stringify(value))).to.equal(null);
      }
    });
  });

  describe('retrySettings', () => {
    const cases: Array<[unknown, RetrySettings]> = [
      [{ limit: 2 }, { limit: 2, intervalMs: 1000, backoff: 'fixed', maxMs: null }],
      [{ limit: 0, backoff: 'exponential' }, { limit: 0, intervalMs: 1000, backoff: 'exponential', maxMs: null }],
      [{ limit: 5, interval: 'PT30S', backoff: 'exponential', max: { minutes: 10 } },
        { limit: 5, intervalMs: 30000, backoff: 'exponential', maxMs: 600000 }],
      [{ limit: 1, interval: 250, max: 'P1D' }, { limit: 1, intervalMs: 250, backoff: 'fixed', maxMs: 86400000 }],
    ];

    it('fills in the defaults and reads delays as milliseconds', () => {
      for (const [retry, expected] of cases) {
        expect(retrySettings(retry), JSON.stringify(retry)).to.deep.equal(expected);
        expect(retryProblem(retry), JSON.stringify(retry)).to.equal(null);
      }
    });

    it('is null for whatever retryProblem refuses', () => {
      const refused: unknown[] = [
        undefined, null, 3, {}, { limit: -1 }, { limit: 1, interval: 0 }, { limit: 1, backoff: 'linear' },
        { limit: 1, max: 'soon' }, { limit: 1, extra: true },
      ];
      for (const retry of refused) {
        expect(retrySettings(retry), String(JSON.stringify(retry))).to.equal(null);
        expect(retryProblem(retry), String(JSON.stringify(retry))).to.be.a('string');
      }
    });
  });
});
