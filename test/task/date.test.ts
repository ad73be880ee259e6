import { expect } from 'chai';
import { checkTask, readDate } from '../../lib/task/rules';
import { formatLike, parseTaskDate, TaskDate, taskDateMoment, writtenOffset } from '../../lib/task/date';
import { TaskError } from '../../lib/task/errors';

/** What checkTask says about a task with this date, or null. */
function checkDate(date: unknown): string | null {
  return checkTask({ worker: 'w', job: 'j', date });
}

/** What parseTaskDate throws for this date, or null. */
function parseProblem(date: unknown): string | null {
  try {
    parseTaskDate(date as string);
    return null;
  } catch (err) {
    expect(err).to.be.instanceOf(TaskError);
    return (err as TaskError).message;
  }
}

// Every shape and boundary that checkTask accepts or refuses, for the agreement test.
const DATES: unknown[] = [
  '2013-01-12', '2013-01-12T10:00', '2013-01-12T10:00:00', '2013-01-12T10:00:00.5', '2013-01-12T10:00:00.123',
  '2013-01-12T10:00:00.123456789', '2013-01-12T10:00:00.1234567890', '2013-01-12T10:00Z', '2013-01-12T10:00:00Z',
  '2013-01-12T10:00:00.123Z', '2013-01-12T10:00:00+02:00', '2013-01-12T10:00:00-0530', '2013-01-12T10:00+02:00',
  '2013-01-12T10:00:00.1+0000', '2013-01-12T10:00:00-00:00', '2013-01-12T00:00:00-12:00', '2013-01-12T23:59:59.999+14:00',
  '2013-01-12T10:00:00+14:01', '2013-01-12T10:00:00-12:01', '2013-01-12T10:00:00-1230', '2013-01-12T10:00:00+02:60',
  '2013-01-12T10:00:00+23:59', '2013-01-12T10:00:00+02', '2013-01-12T10:00:00+2:00',
  '2012-02-29', '2000-02-29', '1900-02-29', '2013-02-29', '2012-02-30', '2100-02-29', '2400-02-29', '2013-04-30',
  '2013-04-31', '2013-06-31', '2013-09-31', '2013-11-31', '2013-12-31', '2013-01-32', '2013-01-00', '2013-00-12',
  '2013-13-12', '2013-01-12T23:59:59', '2013-01-12T24:00', '2013-01-12T24:00:00Z', '2013-01-12T10:60', '2013-01-12T10:00:60Z',
  '2013-01-12T99:99:99Z', '0000-01-01', '0000-02-29', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999-12:00',
  '1969-12-31T23:59:59.999Z', 'tomorrow-ish', '', '2013-1-12', '13-01-12', '2013-01-12 10:00:00', '2013-01-12t10:00:00z',
  '2013-01-12T10', '2013-01-12T10:00:00.', '2013-01-12T10:00:00,5', '2013-01-12T10:00:00 Z', '2013-01-12Z',
  '2013-01-12+02:00', ' 2013-01-12', '2013-01-12 ', '2013-01-12\n', '2013-W02-6', '2013-012', '+002013-01-12', '2013',
  '2013-01', '20130112', '20130112T100000Z', '1357984800000', 'Sat Jan 12 2013',
  0, 1, 1357984800000, 8.64e15, 8.64e15 + 1, -1, -0, 1.5, Infinity, -Infinity, NaN, Number.MAX_SAFE_INTEGER,
  true, false, null, undefined, {}, [], [2013, 0, 12], { date: '2013-01-12' },
];

describe('task dates', () => {
  describe('parseTaskDate', () => {
    it('agrees with checkTask on every date, message included', () => {
      for (const date of DATES) {
        expect(parseProblem(date), JSON.stringify(date) ?? String(date)).to.equal(checkDate(date));
      }
    });

    it('reads a date without offset as UTC', () => {
      expect(parseTaskDate('2013-01-12')).to.equal(Date.UTC(2013, 0, 12));
      expect(parseTaskDate('2013-01-12T10:00')).to.equal(Date.UTC(2013, 0, 12, 10));
      expect(parseTaskDate('2013-01-12T10:00:00')).to.equal(Date.UTC(2013, 0, 12, 10));
      expect(parseTaskDate('2013-01-12T10:00:00.250')).to.equal(Date.UTC(2013, 0, 12, 10, 0, 0, 250));
    });

    it('reads Z as UTC', () => {
      expect(parseTaskDate('2013-01-12T10:00Z')).to.equal(Date.UTC(2013, 0, 12, 10));
      expect(parseTaskDate('2013-01-12T10:00:00.001Z')).to.equal(Date.UTC(2013, 0, 12, 10, 0, 0, 1));
    });

    it('applies an offset, with or without its colon', () => {
      expect(parseTaskDate('2013-01-12T10:00:00+02:00')).to.equal(Date.UTC(2013, 0, 12, 8));
      expect(parseTaskDate('2013-01-12T10:00:00+0200')).to.equal(Date.UTC(2013, 0, 12, 8));
      expect(parseTaskDate('2013-01-12T10:00:00-05:30')).to.equal(Date.UTC(2013, 0, 12, 15, 30));
      expect(parseTaskDate('2013-01-12T10:00+00:15')).to.equal(Date.UTC(2013, 0, 12, 9, 45));
      expect(parseTaskDate('2013-01-12T01:00:00+14:00')).to.equal(Date.UTC(2013, 0, 11, 11));
      expect(parseTaskDate('2013-01-12T23:00:00-12:00')).to.equal(Date.UTC(2013, 0, 13, 11));
    });

    it('keeps milliseconds and drops finer fractions', () => {
      expect(parseTaskDate('2013-01-12T10:00:00.5Z')).to.equal(Date.UTC(2013, 0, 12, 10, 0, 0, 500));
      expect(parseTaskDate('2013-01-12T10:00:00.123456789Z')).to.equal(Date.UTC(2013, 0, 12, 10, 0, 0, 123));
      expect(parseTaskDate('2013-01-12T10:00:00.9999Z')).to.equal(Date.UTC(2013, 0, 12, 10, 0, 0, 999));
    });

    it('knows leap years', () => {
      expect(parseTaskDate('2012-02-29')).to.equal(Date.UTC(2012, 1, 29));
      expect(parseTaskDate('2000-02-29')).to.equal(Date.UTC(2000, 1, 29));
      expect(parseProblem('1900-02-29')).to.equal("date '1900-02-29' has day 29; 1900-02 has days 01 to 28");
      expect(parseProblem('2100-02-29')).to.equal("date '2100-02-29' has day 29; 2100-02 has days 01 to 28");
    });

    it('does not depend on the local time zone', () => {
      const zone = process.env.TZ;
      try {
        process.env.TZ = 'Pacific/Kiritimati';
        expect(parseTaskDate('2013-01-12T10:00')).to.equal(Date.UTC(2013, 0, 12, 10));
        expect(parseTaskDate('2013-01-12')).to.equal(Date.UTC(2013, 0, 12));
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    });

    it('returns epoch milliseconds as they are', () => {
      expect(parseTaskDate(100000000000)).to.equal(100000000000);
      expect(parseTaskDate(1357984800000)).to.equal(1357984800000);
      expect(parseTaskDate(253402300799999)).to.equal(253402300799999);
    });

    it('throws TaskError with checkTask\'s message', () => {
      expect(() => parseTaskDate('tomorrow-ish')).to.throw(TaskError, "date 'tomorrow-ish' is not ISO 8601 " +
        '(2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds');
    });
  });

  describe('taskDateMoment', () => {
    it('keeps the written offset', () => {
      expect(taskDateMoment('2013-01-12T10:00:00+02:00').utcOffset()).to.equal(120);
      expect(taskDateMoment('2013-01-12T10:00:00-0530').utcOffset()).to.equal(-330);
      expect(taskDateMoment('2013-01-12T10:00:00+02:00').hour()).to.equal(10);
    });

    it('is in UTC otherwise', () => {
      for (const date of ['2013-01-12T10:00:00Z', '2013-01-12T10:00', '2013-01-12', 1357984800000]) {
        const moment = taskDateMoment(date);
        expect(moment.isUTC(), String(date)).to.equal(true);
        expect(moment.utcOffset()).to.equal(0);
      }
    });
  });

  describe('writtenOffset', () => {
    it('is the offset at the end of an ISO date', () => {
      expect(writtenOffset('2013-01-12T10:00:00+02:00')).to.equal('+02:00');
      expect(writtenOffset('2013-01-12T10:00:00.5-0530')).to.equal('-0530');
      expect(writtenOffset('2013-01-12T10:00-00:00')).to.equal('-00:00');
    });

    it('is null for Z, no offset and numbers', () => {
      for (const date of ['2013-01-12T10:00:00Z', '2013-01-12T10:00:00', '2013-01-12T10:00', '2013-01-12', 1357984800000]) {
        expect(writtenOffset(date), String(date)).to.equal(null);
      }
    });
  });

  describe('formatLike', () => {
    const ms = Date.UTC(2013, 0, 12, 8, 0, 0, 250);

    it('writes a number for a number', () => {
      expect(formatLike(1357984800000, ms)).to.equal(ms);
    });

    it('writes UTC ISO for an anchor in UTC or without offset', () => {
      for (const anchor of ['2013-01-12T10:00:00Z', '2013-01-12T10:00', '2013-01-12', '2013-01-12T10:00:00.123456Z']) {
        expect(formatLike(anchor, ms), anchor).to.equal('2013-01-12T08:00:00.250Z');
      }
    });

    it("writes ISO with the anchor's offset", () => {
      expect(formatLike('2013-01-12T10:00:00+02:00', ms)).to.equal('2013-01-12T10:00:00.250+02:00');
      expect(formatLike('2000-01-01T00:00-0530', ms)).to.equal('2013-01-12T02:30:00.250-05:30');
      expect(formatLike('2000-01-01T00:00+00:00', ms)).to.equal('2013-01-12T08:00:00.250+00:00');
      expect(formatLike('2000-01-01T00:00+00:15', ms)).to.equal('2013-01-12T08:15:00.250+00:15');
      expect(formatLike('2000-01-01T00:00+14:00', ms)).to.equal('2013-01-12T22:00:00.250+14:00');
    });

    it('writes dates that checkTask accepts and that read back as the same time', () => {
      for (const anchor of ['2013-01-12T10:00:00+02:00', '2013-01-12T10:00:00-11:30', '2013-01-12', 1357984800000]) {
        for (const time of [100000000000, ms, Date.UTC(9999, 11, 31, 0, 0, 0, 999)]) {
          const written = formatLike(anchor, time);
          expect(checkDate(written), String(written)).to.equal(null);
          expect(parseTaskDate(written)).to.equal(time);
        }
      }
    });

    it('refuses to write epoch milliseconds past 9999, as it does ISO', () => {
      expect(() => formatLike(1357984800000, Date.UTC(10000, 0, 1))).to.throw(TaskError,
        'date 253402300800000 is after 9999-12-31T23:59:59.999Z, the last time an ISO 8601 task date can hold');
    });

    it('refuses to write a year past 9999 as ISO', () => {
      expect(() => formatLike('2013-01-12', Date.UTC(10000, 0, 1))).to.throw(TaskError,
        'date +010000-01-01T00:00:00.000Z is outside the years 0000 to 9999 that an ISO 8601 task date can hold');
    });

    it('refuses an anchor that is not a task date', () => {
      expect(() => formatLike('soon', ms)).to.throw(TaskError, "date 'soon' is not ISO 8601");
    });
  });

  describe('TaskDate', () => {
    it('reads every date as checkTask does, once: its ms, the offset written and the value as written', () => {
      for (const date of DATES) {
        const problem = checkDate(date);
        if (problem !== null) {
          expect(() => TaskDate.parse(date), String(date)).to.throw(TaskError, problem);
          continue;
        }
        const read = TaskDate.parse(date);
        expect(read.ms, String(date)).to.equal(parseTaskDate(date as string));
        expect(read.written, String(date)).to.equal(date);
        expect(read.offset, String(date)).to.equal(writtenOffset(date as string));
      }
    });

    it('takes a reading the rules made, and throws its problem', () => {
      expect(TaskDate.of('2013-01-12T10:00:00+02:00', readDate('2013-01-12T10:00:00+02:00')).ms).to.equal(Date.UTC(2013, 0, 12, 8));
      expect(() => TaskDate.of('soon', readDate('soon'))).to.throw(TaskError, "date 'soon' is not ISO 8601");
    });

    it('formats and reads as a moment in the style it was written in', () => {
      const date = TaskDate.parse('2013-01-12T10:00:00-0530');
      expect(date.moment().utcOffset()).to.equal(-330);
      expect(date.moment().valueOf()).to.equal(date.ms);
      expect(date.format(date.ms + 1000)).to.equal('2013-01-12T10:00:01.000-05:30');
    });
  });
});
