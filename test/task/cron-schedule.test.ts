// Cron patterns and durations in a time zone, across DST changes (Europe/Paris: 2030-03-31 at
// 01:00Z and 2030-10-27 at 01:00Z; America/New_York: 2030-03-10 at 07:00Z and 2030-11-03 at
// 06:00Z), and where a series ends (`repeat.until`, `repeat.limit`).
import { expect } from 'chai';
import { TaskError } from '../../lib/task/errors';
import { readTask } from '../../lib/task/task';
import type { TaskDoc } from '../../lib/task/types';
import { Zone } from '../../lib/task/zone';
import type { Series } from '../../lib/task/schedule';

const at = (iso: string): number => Date.parse(iso);

function series(fields: Record<string, unknown>): Series {
  const task = readTask({ _id: 't', worker: 'w', job: 'j', ...fields } as TaskDoc);
  expect(task.problem, JSON.stringify(fields)).to.equal(null);
  return task.schedule!;
}

/** The dates `of` gives one after another from `fromMs` (each asked a second after the one before ran), as it writes them. */
function dates(of: Series, fromMs: number, count: number): Array<string | number> {
  const written: Array<string | number> = [];
  let ms = fromMs;
  for (let i = 0; i < count; i += 1) {
    ms = of.next(ms + 1000);
    written.push(of.anchor.format(ms));
  }
  return written;
}

describe('Zone (moment-timezone)', () => {
  const paris = Zone.named('Europe/Paris');
  const newYork = Zone.named('America/New_York');

  it('reads the wall-clock time of an instant, and the instant of a wall-clock time', () => {
    expect(paris.wall(at('2030-03-30T08:00:00Z'))).to.equal(at('2030-03-30T09:00:00Z'));
    expect(paris.wall(at('2030-04-01T07:00:00Z'))).to.equal(at('2030-04-01T09:00:00Z'));
    expect(paris.instant(at('2030-04-01T09:00:00Z'))).to.equal(at('2030-04-01T07:00:00Z'));
    expect(newYork.instant(at('2030-01-15T09:00:00Z'))).to.equal(at('2030-01-15T14:00:00Z'));
  });

  it('takes a wall-clock time skipped by DST to the first instant after the gap', () => {
    expect(paris.instant(at('2030-03-31T02:30:00Z'))).to.equal(at('2030-03-31T01:00:00Z'));
    expect(paris.instant(at('2030-03-31T02:00:00Z'))).to.equal(at('2030-03-31T01:00:00Z'));
    expect(paris.instant(at('2030-03-31T03:00:00Z'))).to.equal(at('2030-03-31T01:00:00Z'));
    expect(newYork.instant(at('2030-03-10T02:59:59Z'))).to.equal(at('2030-03-10T07:00:00Z'));
  });

  it('takes a wall-clock time that comes twice to the first of them', () => {
    expect(paris.instant(at('2030-10-27T02:30:00Z'))).to.equal(at('2030-10-27T00:30:00Z'));
    expect(paris.wall(at('2030-10-27T01:30:00Z'))).to.equal(at('2030-10-27T02:30:00Z'));
    expect(newYork.instant(at('2030-11-03T01:30:00Z'))).to.equal(at('2030-11-03T05:30:00Z'));
  });

  it('writes an instant in its local time with the offset of the day', () => {
    expect(paris.format(at('2030-03-30T08:00:00Z'))).to.equal('2030-03-30T09:00:00.000+01:00');
    expect(paris.format(at('2030-03-31T07:00:00Z'))).to.equal('2030-03-31T09:00:00.000+02:00');
    expect(newYork.format(at('2030-11-04T14:00:00Z'))).to.equal('2030-11-04T09:00:00.000-05:00');
  });

  it('refuses a name no zone has with the rules\' message', () => {
    expect(() => Zone.named('Mars/Olympus_Mons')).to.throw(TaskError, "tz 'Mars/Olympus_Mons' is not a time zone");
  });
});

describe('a cron repeat in a zone', () => {
  it('runs a daily 09:00 at 09:00 local on both sides of a DST change, in Paris', () => {
    const daily = series({ date: '2030-03-29T09:00:00+01:00', tz: 'Europe/Paris', repeat: { cron: '0 9 * * *' } });
    expect(dates(daily, at('2030-03-29T08:00:00Z'), 3))
      .to.deep.equal(['2030-03-30T09:00:00.000+01:00', '2030-03-31T09:00:00.000+02:00', '2030-04-01T09:00:00.000+02:00']);
    expect(dates(daily, at('2030-10-26T07:00:00Z'), 2)).to.deep.equal(['2030-10-27T09:00:00.000+01:00', '2030-10-28T09:00:00.000+01:00']);
    expect(daily.next(at('2030-10-26T07:00:01Z'))).to.equal(at('2030-10-27T08:00:00Z'));
  });

  it('runs a weekday 09:00 at 09:00 local on both sides of a DST change, in New York', () => {
    const weekdays = series({ date: '2030-03-08T14:00:00Z', tz: 'America/New_York', repeat: { cron: '0 9 * * 1-5' } });
    expect(dates(weekdays, at('2030-03-08T14:00:00Z'), 2)).to.deep.equal(['2030-03-11T09:00:00.000-04:00', '2030-03-12T09:00:00.000-04:00']);
    expect(weekdays.next(at('2030-03-08T14:00:01Z'))).to.equal(at('2030-03-11T13:00:00Z'));
    expect(weekdays.next(at('2030-11-01T13:00:01Z'))).to.equal(at('2030-11-04T14:00:00Z'));
  });

  it('runs a time that DST skips at the first instant after the gap', () => {
    const paris = series({ date: '2030-03-30T01:30:00Z', tz: 'Europe/Paris', repeat: { cron: '30 2 * * *' } });
    expect(dates(paris, at('2030-03-30T01:30:00Z'), 2)).to.deep.equal(['2030-03-31T03:00:00.000+02:00', '2030-04-01T02:30:00.000+02:00']);
    const newYork = series({ date: '2030-03-09T07:30:00Z', tz: 'America/New_York', repeat: { cron: '30 2 * * *' } });
    expect(dates(newYork, at('2030-03-09T07:30:00Z'), 2)).to.deep.equal(['2030-03-10T03:00:00.000-04:00', '2030-03-11T02:30:00.000-04:00']);
  });

  it('runs a time that comes twice once, at the first', () => {
    const newYork = series({ date: '2030-11-02T05:30:00Z', tz: 'America/New_York', repeat: { cron: '30 1 * * *' } });
    expect(dates(newYork, at('2030-11-02T05:30:00Z'), 2)).to.deep.equal(['2030-11-03T01:30:00.000-04:00', '2030-11-04T01:30:00.000-05:00']);
    // Asked during the second 01:30 (EST), the next is the next day's.
    expect(newYork.next(at('2030-11-03T06:30:00Z'))).to.equal(at('2030-11-04T06:30:00Z'));
    // Every hour: the repeated hour runs once.
    const hourly = series({ date: '2030-10-26T23:00:00Z', tz: 'Europe/Paris', repeat: { cron: '0 * * * *' } });
    expect(dates(hourly, at('2030-10-26T23:00:00Z'), 2)).to.deep.equal(['2030-10-27T02:00:00.000+02:00', '2030-10-27T03:00:00.000+01:00']);
  });

  it('runs a 6-field pattern to the second, strictly after the time asked, and skips the times missed', () => {
    const everyFifteen = series({ date: '2030-01-01T00:00:00Z', repeat: { cron: '*/15 * * * * *' } });
    expect(everyFifteen.next(at('2030-01-01T00:00:07Z'))).to.equal(at('2030-01-01T00:00:15Z'));
    expect(everyFifteen.next(at('2030-01-01T00:00:15Z'))).to.equal(at('2030-01-01T00:00:30Z'));
    expect(everyFifteen.next(at('2030-01-01T00:00:14.999Z'))).to.equal(at('2030-01-01T00:00:15Z'));
    // Down for a day: one catch-up date, the next on the pattern, no drift.
    const daily = series({ date: '2030-01-01T09:00:00Z', tz: 'Europe/Paris', repeat: { cron: '0 9 * * *' } });
    expect(daily.next(at('2030-01-05T12:34:56.789Z'))).to.equal(at('2030-01-06T08:00:00Z'));
  });

  it('reads cron in UTC without tz, and writes dates as the first date was written then', () => {
    const utc = series({ date: '2030-03-29T09:00:00Z', repeat: { cron: '0 9 * * *' } });
    expect(dates(utc, at('2030-03-29T09:00:00Z'), 2)).to.deep.equal(['2030-03-30T09:00:00.000Z', '2030-03-31T09:00:00.000Z']);
    const epoch = series({ date: at('2030-03-29T09:00:00Z'), tz: 'Europe/Paris', repeat: { cron: '0 9 * * *' } });
    expect(dates(epoch, at('2030-03-29T08:00:00Z'), 1)).to.deep.equal([at('2030-03-30T08:00:00Z')]);
  });

  it('gives the same dates whatever the machine\'s own zone', () => {
    const before = process.env.TZ;
    const pattern = { date: '2030-03-09T07:30:00Z', tz: 'America/New_York', repeat: { cron: '30 2 * * *' } };
    const expected = dates(series(pattern), at('2030-03-09T07:30:00Z'), 3);
    try {
      for (const machine of ['America/New_York', 'Europe/Paris', 'Asia/Kolkata']) {
        process.env.TZ = machine;
        expect(dates(series(pattern), at('2030-03-09T07:30:00Z'), 3), machine).to.deep.equal(expected);
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('a duration repeat in a zone', () => {
  it('keeps a daily 09:00 at 09:00 local across DST; without tz, 24 hours in the written offset as before', () => {
    const paris = series({ date: '2030-03-30T09:00:00+01:00', tz: 'Europe/Paris', repeat: { days: 1 } });
    expect(dates(paris, at('2030-03-30T08:00:00Z'), 2)).to.deep.equal(['2030-03-31T09:00:00.000+02:00', '2030-04-01T09:00:00.000+02:00']);
    const fixed = series({ date: '2030-03-30T09:00:00+01:00', repeat: { days: 1 } });
    expect(dates(fixed, at('2030-03-30T08:00:00Z'), 1)).to.deep.equal(['2030-03-31T09:00:00.000+01:00']);
    const newYork = series({ date: '2030-10-31T13:00:00Z', tz: 'America/New_York', repeat: 'P1W' });
    expect(dates(newYork, at('2030-10-31T13:00:00Z'), 1)).to.deep.equal(['2030-11-07T09:00:00.000-05:00']);
  });

  it('runs a day\'s time that DST skips at the first instant after the gap, and goes back to it after', () => {
    const newYork = series({ date: '2030-03-09T02:30:00-05:00', tz: 'America/New_York', repeat: { d: 1 } });
    expect(dates(newYork, at('2030-03-09T07:30:00Z'), 2)).to.deep.equal(['2030-03-10T03:00:00.000-04:00', '2030-03-11T02:30:00.000-04:00']);
  });

  it('adds hours as elapsed time, DST or not', () => {
    const hourly = series({ date: '2030-03-31T00:30:00Z', tz: 'Europe/Paris', repeat: { hours: 1 } });
    expect(dates(hourly, at('2030-03-31T00:30:00Z'), 2)).to.deep.equal(['2030-03-31T03:30:00.000+02:00', '2030-03-31T04:30:00.000+02:00']);
  });
});

describe('where a series ends', () => {
  it('ends after `limit` runs, the first counted', () => {
    const three = series({ date: '2030-01-01T09:00:00Z', repeat: { cron: '0 9 * * *', limit: 3 } });
    expect(three.following(at('2030-01-01T09:00:01Z'), 1)).to.equal(at('2030-01-02T09:00:00Z'));
    expect(three.following(at('2030-01-02T09:00:01Z'), 2)).to.equal(at('2030-01-03T09:00:00Z'));
    expect(three.following(at('2030-01-03T09:00:01Z'), 3)).to.equal(null);
    expect(series({ date: '2030-01-01T09:00:00Z', repeat: { days: 1, limit: 1 } }).following(at('2030-01-01T09:00:01Z'), 1)).to.equal(null);
  });

  it('ends when its next date would be past `until`; a date at `until` still runs', () => {
    const daily = series({ date: '2030-01-01T09:00:00Z', repeat: { days: 1, until: '2030-01-03T09:00:00Z' } });
    expect(daily.following(at('2030-01-01T09:00:01Z'), 1)).to.equal(at('2030-01-02T09:00:00Z'));
    expect(daily.following(at('2030-01-02T09:00:01Z'), 2)).to.equal(at('2030-01-03T09:00:00Z'));
    expect(daily.following(at('2030-01-03T09:00:01Z'), 3)).to.equal(null);
    const cron = series({ date: '2030-01-01T09:00:00Z', tz: 'Europe/Paris', repeat: { cron: '0 10 * * *', until: '2030-01-02T09:59:59+01:00' } });
    expect(cron.following(at('2030-01-01T09:00:01Z'), 1)).to.equal(null);
  });

  it('goes on without end with neither', () => {
    expect(series({ date: '2030-01-01T09:00:00Z', repeat: { days: 1 } }).following(at('2030-01-01T09:00:01Z'), 1e9)).to.equal(at('2030-01-02T09:00:00Z'));
  });
});
