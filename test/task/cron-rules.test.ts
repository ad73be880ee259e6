// `repeat.cron` and `tz` as the task rules check them (by their shape, in ES5: rules-cron.ts,
// rules-task.ts) and as the worker and submit check them after (croner, the zone database:
// cron-schedule.ts, zone.ts), with the same one-line messages.
import { expect } from 'chai';
import { cronProblem } from '../../lib/task/cron-schedule';
import { TaskError } from '../../lib/task/errors';
import { checkTask, cronShapeProblem, taskWindowMs, tzProblem } from '../../lib/task/rules';
import { readTask } from '../../lib/task/task';
import type { TaskDoc } from '../../lib/task/types';
import { zoneProblem } from '../../lib/task/zone';

const CRON_ACCEPTED = 'use 5 fields (minute hour day-of-month month day-of-week) such as "0 9 * * 1-5", ' +
  'or 6 with seconds first such as "30 0 9 * * *"';
const ZONE_ACCEPTED = 'is not a time zone; use an IANA zone name such as "Europe/Paris" or "America/New_York" (default "UTC")';

const task = (fields: Record<string, unknown>): TaskDoc =>
  ({ worker: 'w', date: '2030-01-12T10:00:00Z', job: 'j', ...fields }) as TaskDoc;

describe('repeat.cron by its fields (the rules, as installed in CouchDB)', () => {
  const accepted = [
    '0 9 * * 1-5', '* * * * *', '*/15 * * * *', '0 0 1 * *', '0 9 * * MON-FRI', '0 9 * * mon,wed,fri', '0 9 1 JAN,jul *',
    '30 0 9 * * *', '*/2 * * * * *', '0 0 9 ? * SAT-SUN', '0 9 ? * 1', '0 9 15 * ?', '0 9 * * 0,7', '0-30/10 9 * * *',
    '0 9 * * FRI-SUN', '0 12 29 2 *', '0 9 31 1-12 *', '0 9 31 2 1', '  0   9 * * *  ', '5,10,15 1-3 */2 1-6/2 *',
  ];
  for (const pattern of accepted) {
    it(`accepts '${pattern}', and so does croner`, () => {
      expect(cronShapeProblem(pattern)).to.equal(null);
      expect(cronProblem(pattern)).to.equal(null);
      expect(checkTask(task({ repeat: { cron: pattern } }))).to.equal(null);
    });
  }

  const refused: Array<[unknown, string]> = [
    ['0 9 * *', `repeat.cron '0 9 * *' has 4 fields; ${CRON_ACCEPTED}`],
    ['0 0 9 * * * 2030', `repeat.cron '0 0 9 * * * 2030' has 7 fields; ${CRON_ACCEPTED}`],
    ['', `repeat.cron '' has 0 fields; ${CRON_ACCEPTED}`],
    ['60 * * * *', "repeat.cron '60 * * * *' has minute '60'; use 0 to 59, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)"],
    ['0 24 * * *', "repeat.cron '0 24 * * *' has hour '24'; use 0 to 23, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)"],
    ['0 9 0 * *', "repeat.cron '0 9 0 * *' has day-of-month '0'; use 1 to 31, or ?, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)"],
    ['0 9 * 13 *', "repeat.cron '0 9 * 13 *' has month '13'; use 1 to 12 or JAN to DEC, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)"],
    ['0 9 * * 8', "repeat.cron '0 9 * * 8' has day-of-week '8'; use 0 to 7 (0 and 7 are Sunday) or SUN to SAT, or ?, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)"],
    ['0 9 * * MONDAY', "repeat.cron '0 9 * * MONDAY' has day-of-week 'MONDAY'; use 0 to 7 (0 and 7 are Sunday) or SUN to SAT, or ?, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)"],
    ['60 0 9 * * *', "repeat.cron '60 0 9 * * *' has second '60'; use 0 to 59, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)"],
    ['0 JAN * * *', "repeat.cron '0 JAN * * *' has hour 'JAN'; use 0 to 23, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)"],
    ['5-1 * * * *', "repeat.cron '5-1 * * * *' has minute '5-1'; a range goes from low to high"],
    ['*/0 * * * *', "repeat.cron '*/0 * * * *' has minute '*/0'; a step is 1 to 60"],
    ['0 */25 * * *', "repeat.cron '0 */25 * * *' has hour '*/25'; a step is 1 to 24"],
    ['5/15 * * * *', "repeat.cron '5/15 * * * *' has minute '5/15'; a step goes after * or a range (*/15, 0-30/10)"],
    ['? 9 * * *', "repeat.cron '? 9 * * *' has minute '?'; use 0 to 59, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)"],
    ['0 9 L * *', "repeat.cron '0 9 L * *' has day-of-month 'L'; use 1 to 31, or ?, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)"],
    ['@daily', `repeat.cron '@daily' has 1 field; ${CRON_ACCEPTED}`],
    ['0 9 1,,2 * *', "repeat.cron '0 9 1,,2 * *' has day-of-month '1,,2'; use 1 to 31, or ?, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)"],
    ['0 9 30 2 *', "repeat.cron '0 9 30 2 *' has day-of-month '30', which month '2' never has: it would never run"],
    ['0 9 31 4,6,9,11 ?', "repeat.cron '0 9 31 4,6,9,11 ?' has day-of-month '31', which month '4,6,9,11' never has: it would never run"],
    [7, `repeat.cron 7 is not a cron pattern; ${CRON_ACCEPTED}`],
    [null, `repeat.cron null is not a cron pattern; ${CRON_ACCEPTED}`],
    [['0 9 * * *'], `repeat.cron ["0 9 * * *"] is not a cron pattern; ${CRON_ACCEPTED}`],
    [{ minute: 0 }, `repeat.cron {"minute":0} is not a cron pattern; ${CRON_ACCEPTED}`],
    ['9'.repeat(400), `repeat.cron '${'9'.repeat(56)}... has 1 field; ${CRON_ACCEPTED}`],
  ];
  for (const [pattern, message] of refused) {
    it(`refuses ${JSON.stringify(pattern).slice(0, 40)}, naming the field at fault, in the rules and after them alike`, () => {
      expect(cronShapeProblem(pattern)).to.equal(message);
      expect(cronProblem(pattern)).to.equal(message);
      expect(checkTask(task({ repeat: { cron: pattern } }))).to.equal(message);
      expect(readTask(task({ repeat: { cron: pattern } })).problem).to.equal(message);
    });
  }
});

describe('repeat in its object form: cron, until and limit', () => {
  const refused: Array<[unknown, string]> = [
    [{ cron: '0 9 * * *', days: 1 }, 'repeat {"cron":"0 9 * * *","days":1} has both cron and \'days\'; use cron or a duration, not both'],
    [{ limit: 3 }, 'repeat {"limit":3} says neither how often nor when; use an object such as {"days": 7} with the keys years months weeks days ' +
      'hours minutes seconds milliseconds (or y M w d h m s ms), or {"cron": "0 9 * * 1-5"}, with until and limit'],
    [{ days: 1, limit: 0 }, 'repeat.limit 0 is not a number of runs (the first counted); use a whole number >= 1'],
    [{ cron: '0 9 * * *', limit: 1.5 }, 'repeat.limit 1.5 is not a number of runs (the first counted); use a whole number >= 1'],
    [{ cron: '0 9 * * *', limit: '3' }, "repeat.limit '3' is not a number of runs (the first counted); use a whole number >= 1"],
    [{ cron: '0 9 * * *', limit: -1 }, 'repeat.limit -1 is not a number of runs (the first counted); use a whole number >= 1'],
    [{ days: 1, until: 'next year' }, "repeat.until 'next year' is not ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds"],
    [{ days: 1, until: '2030-02-30' }, "repeat.until '2030-02-30' has day 30; 2030-02 has days 01 to 28"],
    [{ days: 1, until: 1e400 }, 'repeat.until Infinity is not ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds'],
    [{ days: 1, until: { nested: [1, { deeper: null }] } }, 'repeat.until {"nested":[1,{"deeper":null}]} is not ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds'],
    [{ cron: '0 9 * * *', until: null }, 'repeat.until null is not ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds'],
  ];
  for (const [repeat, message] of refused) {
    it(`refuses ${JSON.stringify(repeat)} with one line`, () => {
      expect(checkTask(task({ repeat }))).to.equal(message);
    });
  }

  it('accepts until and limit beside a duration or a cron pattern, huge limits too', () => {
    for (const repeat of [{ days: 1, until: '2031-01-01T00:00:00Z' }, { cron: '0 9 * * *', limit: 1 }, { h: 1, limit: 1e300, until: 1924992000000 },
      { cron: '*/5 * * * * *', until: '2031-01-01', limit: 10 }]) {
      expect(checkTask(task({ repeat })), JSON.stringify(repeat)).to.equal(null);
    }
  });

  it('holds any JSON in any of its fields without a crash: __proto__, huge numbers, nested junk', () => {
    const junk: unknown[] = [JSON.parse('{"__proto__": {"cron": "* * * * *"}}'), 1e308, -0, [], [[[]]], { a: { b: { c: [1] } } }, '', true, null];
    for (const value of junk) {
      for (const repeat of [{ cron: value }, { days: 1, until: value }, { days: 1, limit: value }, JSON.parse(`{"__proto__": ${JSON.stringify(value)}, "days": 1}`), value]) {
        for (const doc of [task({ repeat }), task({ repeat, tz: value }), task({ repeat, tz: 'Europe/Paris', date: value })]) {
          const what = JSON.stringify(doc);
          expect(() => checkTask(doc), what).not.to.throw();
          const read = readTask(doc);
          const problem = read.problem;
          expect(problem === null || (typeof problem === 'string' && !problem.includes('\n')), what).to.equal(true);
          // Each part asked for is read, or refused with a TaskError: nothing else is thrown.
          for (const part of [() => read.schedule, () => read.date, () => read.zone]) {
            try {
              part();
            } catch (err) {
              expect(err, what).to.be.instanceOf(TaskError);
            }
          }
        }
      }
    }
    expect(checkTask(task({ repeat: JSON.parse('{"__proto__": {"cron": "* * * * *"}}') }))).to.match(/^repeat .* has unknown key '__proto__'/);
  });
});

describe('tz', () => {
  it('accepts an IANA zone name, and UTC', () => {
    for (const tz of ['UTC', 'Europe/Paris', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'Asia/Kolkata']) {
      expect(checkTask(task({ tz })), tz).to.equal(null);
      expect(readTask(task({ tz })).problem, tz).to.equal(null);
      expect(zoneProblem(tz), tz).to.equal(null);
    }
  });

  it('refuses a name no zone has, naming it: by its shape in the rules, by the zone database after them, with the same message', () => {
    // A name of the right shape passes the rules (and so CouchDB's validate_doc_update): the worker and submit refuse it.
    for (const tz of ['Mars/Olympus_Mons', 'europe/paris', 'Europe/Pariss', 'CEST', 'constructor', 'toString', 'hasOwnProperty', 'Etc/constructor']) {
      expect(tzProblem(tz), tz).to.equal(null);
      expect(readTask(task({ tz })).problem, tz).to.equal(`tz '${tz}' ${ZONE_ACCEPTED}`);
      expect(zoneProblem(tz), tz).to.equal(`tz '${tz}' ${ZONE_ACCEPTED}`);
    }
    for (const tz of ['Europe/', '/Paris', 'Europe Paris', '', '+02:00', 'Europe/Paris\n']) {
      expect(checkTask(task({ tz })), JSON.stringify(tz)).to.equal(`tz ${JSON.stringify(tz).replace(/^"|"$/g, "'")} ${ZONE_ACCEPTED}`);
      expect(zoneProblem(tz), JSON.stringify(tz)).to.equal(checkTask(task({ tz })));
    }
    for (const [tz, shown] of [[2, '2'], [null, 'null'], [{ name: 'UTC' }, '{"name":"UTC"}'], [['UTC'], '["UTC"]'], ['x'.repeat(65), `'${'x'.repeat(56)}...`]] as const) {
      expect(checkTask(task({ tz })), shown).to.equal(`tz ${shown} ${ZONE_ACCEPTED}`);
    }
  });

  it('reads a date without offset as local time in the zone, and the views order it at the earliest it can be', () => {
    const local = (fields: Record<string, unknown>): TaskDoc => task({ tz: 'Europe/Paris', ...fields });
    expect(checkTask(local({ date: '2030-03-30T09:00:00' }))).to.equal(null);
    expect(readTask(local({ date: '2030-03-30T09:00:00' })).date.ms).to.equal(Date.parse('2030-03-30T08:00:00Z'));
    expect(readTask(local({ date: '2030-04-01T09:00:00.250' })).date.ms).to.equal(Date.parse('2030-04-01T07:00:00.250Z'));
    expect(readTask(local({ date: '2030-03-30' })).date.ms).to.equal(Date.parse('2030-03-29T23:00:00Z'));
    // Skipped by DST: the first instant after the gap; twice: the first.
    expect(readTask(local({ date: '2030-03-31T02:30:00' })).date.ms).to.equal(Date.parse('2030-03-31T01:00:00Z'));
    expect(readTask(local({ date: '2030-10-27T02:30:00' })).date.ms).to.equal(Date.parse('2030-10-27T00:30:00Z'));
    // Written with an offset, or in UTC, or without tz: as before.
    for (const [fields, iso] of [[{ date: '2030-03-30T09:00:00Z' }, '2030-03-30T09:00:00Z'], [{ date: '2030-03-30T09:00:00-0500' }, '2030-03-30T14:00:00Z'],
      [{ date: '2030-03-30T09:00:00', tz: 'UTC' }, '2030-03-30T09:00:00Z'], [{ date: '2030-03-30T09:00:00', tz: undefined }, '2030-03-30T09:00:00Z']] as const) {
      expect(readTask(local(fields)).date.ms, JSON.stringify(fields)).to.equal(Date.parse(iso));
      expect(taskWindowMs(local(fields)), JSON.stringify(fields)).to.equal(Date.parse(iso));
    }
    expect(taskWindowMs(local({ date: '2030-03-30T09:00:00' }))).to.equal(Date.parse('2030-03-30T09:00:00Z') - 14 * 3600000);
    expect(taskWindowMs(local({ date: 'soon' }))).to.equal(null);
    expect(taskWindowMs(null)).to.equal(null);
    // A zone no zone has: the task's problem says so, and its date is not read.
    expect(() => readTask(local({ date: '2030-03-30T09:00:00', tz: 'Mars/Olympus_Mons' })).date).to.throw(TaskError, "tz 'Mars/Olympus_Mons' is not a time zone");
  });

  it('reads repeat.until and repeat_from without offset as local time in the zone too', () => {
    const daily = readTask(task({ tz: 'Europe/Paris', date: '2030-03-30T09:00:00', repeat: { days: 1, until: '2030-03-31T09:00:00' } })).schedule!;
    expect(daily.following(Date.parse('2030-03-30T08:00:01Z'), 1)).to.equal(Date.parse('2030-03-31T07:00:00Z'));
    expect(daily.anchor.format(Date.parse('2030-03-31T07:00:00Z'))).to.equal('2030-03-31T09:00:00.000+02:00');
    expect(daily.following(Date.parse('2030-03-31T07:00:01Z'), 2)).to.equal(null);
    const from = readTask(task({ tz: 'America/New_York', date: '2030-03-12T09:00:00-04:00', repeat_from: '2030-03-09T09:00:00', repeat: { days: 1 } })).schedule!;
    expect(from.next(Date.parse('2030-03-12T13:00:01Z'))).to.equal(Date.parse('2030-03-13T13:00:00Z'));
    expect(from.anchor.ms).to.equal(Date.parse('2030-03-09T14:00:00Z'));
  });
});
