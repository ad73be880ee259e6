import { expect } from 'chai';
import moment from 'moment';
import { checkTask } from '../../lib/task/rules';
import { TaskError } from '../../lib/task/errors';
import { formatLike, nextOccurrence, occurrence, parseRepeat } from '../../lib/task/repeat';

/** What checkTask says about a task with this repeat, or null. */
function checkRepeat(repeat: unknown): string | null {
  return checkTask({ worker: 'w', job: 'j', date: 1357984800000, repeat });
}

/** What parseRepeat throws for this repeat, or null. */
function parseProblem(repeat: unknown): string | null {
  try {
    parseRepeat(repeat);
    return null;
  } catch (err) {
    expect(err).to.be.instanceOf(TaskError);
    return (err as TaskError).message;
  }
}

/** The parts moment's add() uses, to compare durations exactly. */
function stored(duration: moment.Duration): { months: number; days: number; milliseconds: number } {
  const parts = duration as unknown as { _months: number; _days: number; _milliseconds: number };
  return { months: parts._months, days: parts._days, milliseconds: parts._milliseconds };
}

const HOUR = 3600000;
const DAY = 24 * HOUR;
/** The earliest time epoch milliseconds are taken for (1973-03-03): a numeric anchor. */
const EPOCH = 100000000000;

// Every shape that checkTask accepts or refuses, for the agreement test (undefined is "no
// repeat" to checkTask and not a duration to parseRepeat, so it is left out).
const REPEATS: unknown[] = [
  { days: 7, months: 1 }, { years: 1 }, { months: 1 }, { weeks: 2 }, { days: 1 }, { hours: 1.5 }, { minutes: 30 },
  { seconds: 1 }, { milliseconds: 1 }, { y: 1 }, { M: 1 }, { w: 1 }, { d: 1 }, { h: 1 }, { m: 1 }, { s: 0.5 }, { ms: 1 },
  { d: 1, days: 2 }, { ms: 0.5, s: 0.0005 }, { ms: 0.5 }, { s: 0.0009 }, {}, { days: 0 }, { foo: 3 }, { D: 7 }, { day: 1 },
  { Y: 1 }, { quarters: 1 }, { days: 1, H: 2 }, { days: -1 }, { d: '7' }, { hours: null }, { ms: Infinity }, { s: NaN },
  { m: [1] }, { days: 1.5 }, { w: 0.5 }, { M: 1.5 }, { years: 0.25 }, { years: 1e6 }, JSON.parse('{"constructor": 1}'),
  JSON.parse('{"__proto__": 1}'),
  'P1M7D', 'PT30S', 'P1W', 'P1Y2M3DT4H5M6.5S', 'P1Y', 'P1M', 'PT1M', 'PT1H', 'P1D', 'PT0.001S', 'PT0,5S', 'PT1.5H',
  'P0DT1S', 'P1W2D', 'PT0S', 'P0D', 'P0Y0M0W0DT0H0M0S', 'PT0.0001S', 'P1.5D', 'P0,5Y', 'P1.5W', 'P1.5M', 'P', 'PT',
  'P1DT', '-P1D', '+P1D', 'P-1D', 'P1X', 'p1d', 'P1d', 'PT1D', 'P1H', 'P1S', 'P1D1M', 'PT1S1M', 'P 1D', 'P1D ', 'P.5D',
  'P1.D', '1D', '', 'P1M7DT', 'PT1.5', `P${'9'.repeat(400)}D`,
  7, 0, null, true, [], [1, 'day'],
];

describe('repeat', () => {
  describe('parseRepeat', () => {
    it('agrees with checkTask on every repeat, message included', () => {
      for (const repeat of REPEATS) {
        expect(parseProblem(repeat), JSON.stringify(repeat)).to.equal(checkRepeat(repeat));
      }
    });

    it('refuses undefined, which is no repeat at all', () => {
      expect(() => parseRepeat(undefined)).to.throw(TaskError, 'repeat undefined is not a repeat');
    });

    it('reads every key and shorthand', () => {
      const cases: Array<[Record<string, number>, { months: number; days: number; milliseconds: number }]> = [
        [{ years: 2 }, { months: 24, days: 0, milliseconds: 0 }], [{ y: 2 }, { months: 24, days: 0, milliseconds: 0 }],
        [{ months: 5 }, { months: 5, days: 0, milliseconds: 0 }], [{ M: 5 }, { months: 5, days: 0, milliseconds: 0 }],
        [{ weeks: 3 }, { months: 0, days: 21, milliseconds: 0 }], [{ w: 3 }, { months: 0, days: 21, milliseconds: 0 }],
        [{ days: 4 }, { months: 0, days: 4, milliseconds: 0 }], [{ d: 4 }, { months: 0, days: 4, milliseconds: 0 }],
        [{ hours: 2 }, { months: 0, days: 0, milliseconds: 2 * HOUR }], [{ h: 2 }, { months: 0, days: 0, milliseconds: 2 * HOUR }],
        [{ minutes: 3 }, { months: 0, days: 0, milliseconds: 180000 }], [{ m: 3 }, { months: 0, days: 0, milliseconds: 180000 }],
        [{ seconds: 4 }, { months: 0, days: 0, milliseconds: 4000 }], [{ s: 4 }, { months: 0, days: 0, milliseconds: 4000 }],
        [{ milliseconds: 5000 }, { months: 0, days: 0, milliseconds: 5000 }], [{ ms: 5000 }, { months: 0, days: 0, milliseconds: 5000 }],
      ];
      for (const [repeat, expected] of cases) {
        expect(stored(parseRepeat(repeat)), JSON.stringify(repeat)).to.deep.equal(expected);
      }
    });

    it('adds up a mix of units, and a unit named twice', () => {
      expect(stored(parseRepeat({ days: 7, months: 1 }))).to.deep.equal({ months: 1, days: 7, milliseconds: 0 });
      expect(stored(parseRepeat({ y: 1, M: 2, w: 1, d: 3, h: 4, m: 5, s: 6, ms: 7 }))).to.deep.equal(
        { months: 14, days: 10, milliseconds: 4 * HOUR + 5 * 60000 + 6007 });
      expect(stored(parseRepeat({ d: 1, days: 2 }))).to.deep.equal({ months: 0, days: 3, milliseconds: 0 });
    });

    it('keeps 45 days as days, not as a month and some', () => {
      expect(stored(parseRepeat({ days: 45 }))).to.deep.equal({ months: 0, days: 45, milliseconds: 0 });
    });

    it('takes fractions of hours, minutes and seconds', () => {
      expect(stored(parseRepeat({ hours: 1.5, minutes: 0.5 }))).to.deep.equal({ months: 0, days: 0, milliseconds: 5430000 });
      expect(parseRepeat({ hours: 1.5, minutes: 30 }).isValid()).to.equal(true);
    });

    it('reads ISO 8601 durations', () => {
      const cases: Array<[string, { months: number; days: number; milliseconds: number }]> = [
        ['P1M7D', { months: 1, days: 7, milliseconds: 0 }],
        ['PT30S', { months: 0, days: 0, milliseconds: 30000 }],
        ['P1W', { months: 0, days: 7, milliseconds: 0 }],
        ['P1Y2M3DT4H5M6.5S', { months: 14, days: 3, milliseconds: 4 * HOUR + 5 * 60000 + 6500 }],
        ['PT1M', { months: 0, days: 0, milliseconds: 60000 }],
        ['P1M', { months: 1, days: 0, milliseconds: 0 }],
        ['PT1,5S', { months: 0, days: 0, milliseconds: 1500 }],
        ['PT1.5H', { months: 0, days: 0, milliseconds: 1.5 * HOUR }],
        ['P1W2D', { months: 0, days: 9, milliseconds: 0 }],
        ['PT36H', { months: 0, days: 0, milliseconds: 36 * HOUR }],
      ];
      for (const [repeat, expected] of cases) {
        expect(stored(parseRepeat(repeat)), repeat).to.deep.equal(expected);
      }
    });

    it('refuses what moment would turn into a zero duration', () => {
      expect(moment.duration({ foo: 3 } as moment.DurationInputObject).asMilliseconds()).to.equal(0);
      expect(moment.duration('P1X').asMilliseconds()).to.equal(0);
      expect(() => parseRepeat({ foo: 3 })).to.throw(TaskError, "repeat {\"foo\":3} has unknown key 'foo'");
      expect(() => parseRepeat('P1X')).to.throw(TaskError, "repeat 'P1X' is not an ISO 8601 duration");
      expect(() => parseRepeat({ D: 7 })).to.throw(TaskError, "repeat {\"D\":7} has unknown key 'D'");
      expect(() => parseRepeat('PT0S')).to.throw(TaskError, "repeat 'PT0S' is shorter than a second; tasks run to the second");
    });
  });

  describe('occurrence', () => {
    const monthly = parseRepeat({ months: 1 });

    it('is the anchor for n = 0', () => {
      expect(occurrence('2013-01-31T10:00:00Z', monthly, 0)).to.equal(Date.UTC(2013, 0, 31, 10));
    });

    it('keeps to the month end from Jan 31, without drift', () => {
      const grid = [0, 1, 2, 3, 4, 5, 12, 13, 25].map((n) => formatLike('2012-01-31T10:00:00Z', occurrence('2012-01-31T10:00:00Z', monthly, n)));
      expect(grid).to.deep.equal([
        '2012-01-31T10:00:00.000Z', '2012-02-29T10:00:00.000Z', '2012-03-31T10:00:00.000Z', '2012-04-30T10:00:00.000Z',
        '2012-05-31T10:00:00.000Z', '2012-06-30T10:00:00.000Z', '2013-01-31T10:00:00.000Z', '2013-02-28T10:00:00.000Z',
        '2014-02-28T10:00:00.000Z',
      ]);
    });

    it('is not what adding a month again and again gives', () => {
      const drifting = moment.utc('2013-01-31').add(1, 'month').add(1, 'month');
      expect(drifting.format('YYYY-MM-DD')).to.equal('2013-03-28');
      expect(occurrence('2013-01-31', monthly, 2)).to.equal(Date.UTC(2013, 2, 31));
    });

    it('keeps Feb 29 on leap years with a yearly repeat', () => {
      const yearly = parseRepeat('P1Y');
      const grid = [1, 2, 3, 4, 8].map((n) => formatLike('2012-02-29', occurrence('2012-02-29', yearly, n)));
      expect(grid).to.deep.equal(['2013-02-28T00:00:00.000Z', '2014-02-28T00:00:00.000Z', '2015-02-28T00:00:00.000Z',
        '2016-02-29T00:00:00.000Z', '2020-02-29T00:00:00.000Z']);
    });

    it('adds weeks, days and time exactly', () => {
      expect(occurrence(EPOCH, parseRepeat({ weeks: 1 }), 3)).to.equal(EPOCH + 21 * DAY);
      expect(occurrence(EPOCH, parseRepeat({ days: 1, hours: 1 }), 10)).to.equal(EPOCH + 10 * DAY + 10 * HOUR);
      expect(occurrence(EPOCH, parseRepeat('PT1.5S'), 7)).to.equal(EPOCH + 10500);
      expect(occurrence(EPOCH + 1000, parseRepeat({ ms: 1001 }), 5)).to.equal(EPOCH + 6005);
    });

    it('is what moment gives for n = 1, months before days', () => {
      for (const repeat of [{ months: 1, days: 1 }, { M: 1, h: 25 }, { y: 1, d: 30, s: 1 }, { w: 5 }]) {
        for (const anchor of ['2013-01-30T10:00:00Z', '2013-01-31T23:30:00+02:00', '2012-02-29']) {
          const duration = parseRepeat(repeat);
          expect(occurrence(anchor, duration, 1), `${anchor} + ${JSON.stringify(repeat)}`)
            .to.equal(moment.parseZone(anchor, moment.ISO_8601, true).add(duration).valueOf());
        }
      }
      expect(formatLike('2013-01-30', occurrence('2013-01-30', parseRepeat({ months: 1, days: 1 }), 1))).to.equal('2013-03-01T00:00:00.000Z');
    });

    it('does calendar arithmetic in the offset the anchor was written in', () => {
      const anchor = '2013-01-31T01:00:00+02:00'; // 2013-01-30T23:00Z: in UTC the month end is missed
      const grid = [1, 2, 3].map((n) => formatLike(anchor, occurrence(anchor, monthly, n)));
      expect(grid).to.deep.equal(['2013-02-28T01:00:00.000+02:00', '2013-03-31T01:00:00.000+02:00', '2013-04-30T01:00:00.000+02:00']);
      expect(formatLike('2013-01-30T23:00:00Z', occurrence('2013-01-30T23:00:00Z', monthly, 2))).to.equal('2013-03-30T23:00:00.000Z');
    });

    it('works for an epoch-milliseconds anchor, in UTC', () => {
      const anchor = Date.UTC(2013, 0, 31, 10);
      expect(occurrence(anchor, monthly, 1)).to.equal(Date.UTC(2013, 1, 28, 10));
      expect(formatLike(anchor, occurrence(anchor, monthly, 1))).to.equal(Date.UTC(2013, 1, 28, 10));
    });

    it('computes a far occurrence directly', () => {
      expect(occurrence(EPOCH, parseRepeat('PT1S'), 1e9)).to.equal(EPOCH + 1e12);
      expect(occurrence('2000-01-31', monthly, 1201)).to.equal(Date.UTC(2100, 1, 28));
    });

    it('refuses a bad anchor, n or duration', () => {
      expect(() => occurrence('soon', monthly, 1)).to.throw(TaskError, "date 'soon' is not ISO 8601");
      expect(() => occurrence(EPOCH, monthly, -1)).to.throw(RangeError, 'occurrence number -1 is not an integer >= 0');
      expect(() => occurrence(EPOCH, monthly, 1.5)).to.throw(RangeError);
      expect(() => occurrence(EPOCH, moment.duration(0), 1)).to.throw(TaskError, 'repeat P0D must be longer than zero');
      expect(() => occurrence(EPOCH, moment.duration(-1, 'day'), 1)).to.throw(TaskError, 'repeat -P1D must be longer than zero');
      expect(() => occurrence(EPOCH, moment.duration({ days: 1, hours: -25 }), 1)).to.throw(TaskError);
      expect(() => occurrence(EPOCH, { days: 1 } as unknown as moment.Duration, 1)).to.throw(TaskError,
        'repeat {"days":1} must be longer than zero');
    });

    it('refuses to go past the last date JavaScript can hold', () => {
      expect(() => occurrence(EPOCH, parseRepeat({ years: 1e6 }), 1)).to.throw(TaskError,
        'is past the last date JavaScript can hold');
    });
  });

  describe('nextOccurrence', () => {
    const monthly = parseRepeat({ months: 1 });

    it('is occurrence 1 while the anchor is still ahead', () => {
      const anchor = '2013-01-31T10:00:00Z';
      expect(nextOccurrence(anchor, monthly, Date.UTC(2000, 0, 1))).to.deep.equal({ n: 1, ms: Date.UTC(2013, 1, 28, 10) });
      expect(nextOccurrence(anchor, monthly, Date.UTC(2013, 0, 31, 9))).to.deep.equal({ n: 1, ms: Date.UTC(2013, 1, 28, 10) });
    });

    it('is occurrence 1 right after a run at the anchor', () => {
      expect(nextOccurrence('2013-01-31T10:00:00Z', monthly, Date.UTC(2013, 0, 31, 10))).to.deep.equal(
        { n: 1, ms: Date.UTC(2013, 1, 28, 10) });
    });

    it('is strictly after the given time, also when that time is an occurrence', () => {
      const anchor = '2013-01-31T10:00:00Z';
      expect(nextOccurrence(anchor, monthly, Date.UTC(2013, 2, 31, 10))).to.deep.equal({ n: 3, ms: Date.UTC(2013, 3, 30, 10) });
      expect(nextOccurrence(anchor, monthly, Date.UTC(2013, 2, 31, 10) - 1)).to.deep.equal({ n: 2, ms: Date.UTC(2013, 2, 31, 10) });
    });

    it('coalesces missed occurrences: the next one on the grid, not the first missed', () => {
      const anchor = '2013-01-12T10:00:00Z';
      const daily = parseRepeat('P1D');
      // Down from Jan 13 to Jan 20 at noon: one catch-up run then, and the grid goes on at Jan 21 10:00.
      expect(nextOccurrence(anchor, daily, Date.UTC(2013, 0, 20, 12))).to.deep.equal({ n: 9, ms: Date.UTC(2013, 0, 21, 10) });
    });

    it('stays on the month-end grid however far it jumps', () => {
      const anchor = '2012-01-31';
      // Month 0 is the anchor's own month: its end is occurrence 0, and n starts at 1.
      for (let month = 1; month < 120; month += 1) {
        const after = Date.UTC(2012, month, 15);
        const { n, ms } = nextOccurrence(anchor, monthly, after);
        expect(ms, `after ${new Date(after).toISOString()}`).to.equal(occurrence(anchor, monthly, n));
        expect(ms).to.be.greaterThan(after);
        if (n > 1) expect(occurrence(anchor, monthly, n - 1)).to.be.at.most(after);
        expect(ms).to.equal(Date.UTC(2012, month + 1, 0));
      }
    });

    it('finds n at once for a 1-second repeat anchored 10 years back', () => {
      const anchor = '2003-01-12T10:00:00.250Z';
      const after = Date.UTC(2013, 0, 12, 10, 0, 0, 250) + 0.5;
      const { n, ms } = nextOccurrence(anchor, parseRepeat('PT1S'), after);
      expect(ms).to.equal(Date.UTC(2013, 0, 12, 10, 0, 1, 250));
      expect(n).to.equal((ms - Date.UTC(2003, 0, 12, 10, 0, 0, 250)) / 1000);
    });

    it('finds n at once for a short repeat, and for mixed units, over long spans', () => {
      const start = Date.UTC(2003, 0, 12);
      expect(nextOccurrence(start, parseRepeat({ ms: 1001 }), start + 1001 * 3e8)).to.deep.equal({ n: 3e8 + 1, ms: start + 1001 * (3e8 + 1) });
      const mixed = parseRepeat({ M: 1, d: 1, h: 1, s: 1.5 });
      for (const after of [Date.UTC(2013, 5, 1), Date.UTC(2103, 0, 1, 7)]) {
        const { n, ms } = nextOccurrence('2003-01-31T00:00:00-03:00', mixed, after);
        expect(ms).to.be.greaterThan(after);
        expect(occurrence('2003-01-31T00:00:00-03:00', mixed, n - 1)).to.be.at.most(after);
        expect(ms).to.equal(occurrence('2003-01-31T00:00:00-03:00', mixed, n));
      }
    });

    it('finds n at once for a monthly repeat over ten thousand years', () => {
      const { n, ms } = nextOccurrence('0000-01-31', monthly, Date.UTC(9999, 0, 1));
      expect(n).to.equal(9999 * 12);
      expect(ms).to.equal(Date.UTC(9999, 0, 31));
    });

    it('agrees with a step-by-step walk on a dense sample', () => {
      const anchor = '2012-01-31T23:59:59.999+14:00';
      for (const repeat of [{ M: 1 }, { y: 1 }, { d: 1 }, { M: 1, d: 3 }, { h: 7 }, { w: 1, ms: 1 }]) {
        const duration = parseRepeat(repeat);
        const walk = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((n) => occurrence(anchor, duration, n));
        for (let i = 0; i + 1 < walk.length; i += 1) {
          for (const after of [walk[i], walk[i] + 1, walk[i + 1] - 1]) {
            expect(nextOccurrence(anchor, duration, after), `${JSON.stringify(repeat)} after #${i}`).to.deep.equal(
              { n: i + 1, ms: walk[i + 1] });
          }
        }
      }
    });

    it('refuses a time that is not a number', () => {
      expect(() => nextOccurrence(0, monthly, NaN)).to.throw(RangeError, 'NaN is not a time in epoch milliseconds');
    });
  });
});
