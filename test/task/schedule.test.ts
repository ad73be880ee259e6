import { expect } from 'chai';
import { TaskDate } from '../../lib/task/date';
import { TaskError } from '../../lib/task/errors';
import { repeatAmounts } from '../../lib/task/rules';
import { scheduleOf, type Schedule } from '../../lib/task/schedule';

const at = (iso: string): number => Date.parse(iso);
const schedule = (repeat: unknown, anchor: string | number): Schedule => scheduleOf(repeatAmounts(repeat)!, TaskDate.parse(anchor));

/** The dates `schedule` gives one after another from `fromMs`, written in its anchor's style. */
function dates(of: Schedule, fromMs: number, count: number): Array<string | number> {
  const written: Array<string | number> = [];
  let ms = fromMs;
  for (let i = 0; i < count; i += 1) {
    ms = of.next(ms);
    written.push(of.anchor.format(ms));
  }
  return written;
}

describe('Schedule of a repeat duration', () => {
  it('keeps its first date as written', () => {
    for (const anchor of ['2026-01-31T10:00:00+02:00', '2026-01-31', 1769853600000]) {
      expect(schedule({ days: 1 }, anchor).anchor.written).to.equal(anchor);
    }
  });

  it('gives the dates of the grid, month ends included, without drift', () => {
    expect(dates(schedule({ months: 1 }, '2026-01-31T10:00:00Z'), at('2026-01-31T10:00:00Z'), 4))
      .to.deep.equal(['2026-02-28T10:00:00.000Z', '2026-03-31T10:00:00.000Z', '2026-04-30T10:00:00.000Z', '2026-05-31T10:00:00.000Z']);
    expect(dates(schedule('P1M7D', '2024-01-31T10:00:00Z'), at('2024-01-31T10:00:00Z'), 2))
      .to.deep.equal(['2024-03-07T10:00:00.000Z', '2024-04-14T10:00:00.000Z']);
  });

  it('does its calendar arithmetic in the offset the first date was written in, and writes the dates in it', () => {
    // 23:30 at +05:30 is 18:00 UTC: a day later is the next day there, whatever UTC's day.
    expect(dates(schedule({ days: 1 }, '2026-01-31T23:30:00+05:30'), at('2026-01-31T18:00:00Z'), 2))
      .to.deep.equal(['2026-02-01T23:30:00.000+05:30', '2026-02-02T23:30:00.000+05:30']);
  });

  it('writes epoch milliseconds for a first date in epoch milliseconds', () => {
    const start = at('2026-01-31T10:00:00Z');
    expect(dates(schedule({ hours: 1 }, start), start, 2)).to.deep.equal([start + 3600000, start + 7200000]);
  });

  it('gives the first date strictly after the time asked, skipping the ones missed', () => {
    const daily = schedule({ days: 1 }, '2026-01-01T10:00:00Z');
    expect(daily.next(at('2026-01-01T10:00:00Z'))).to.equal(at('2026-01-02T10:00:00Z'));
    expect(daily.next(at('2026-01-02T09:59:59.999Z'))).to.equal(at('2026-01-02T10:00:00Z'));
    expect(daily.next(at('2026-03-15T10:00:00Z'))).to.equal(at('2026-03-16T10:00:00Z'));
    expect(daily.next(at('2030-07-04T00:00:00Z'))).to.equal(at('2030-07-04T10:00:00Z'));
  });

  it('starts one repeat after its first date when asked before it', () => {
    expect(schedule({ days: 1 }, '2026-01-10T10:00:00Z').next(at('2020-01-01T00:00:00Z'))).to.equal(at('2026-01-11T10:00:00Z'));
  });

  it('refuses a time that is no time', () => {
    expect(() => schedule({ days: 1 }, '2026-01-10').next(NaN)).to.throw(RangeError);
  });

  it('throws TaskError past the last date JavaScript holds, and its anchor refuses to write a year past 9999', () => {
    const huge = schedule({ years: 1e6 }, '2026-01-10T00:00:00Z');
    expect(() => huge.next(at('2026-01-10T00:00:00Z'))).to.throw(TaskError, /past the last date JavaScript can hold/);
    const last = schedule({ days: 1 }, '9999-12-31T00:00:00Z');
    const next = last.next(at('9999-12-31T00:00:00Z'));
    expect(() => last.anchor.format(next)).to.throw(TaskError, /outside the years 0000 to 9999/);
  });
});
