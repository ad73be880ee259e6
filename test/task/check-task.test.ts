import { expect } from 'chai';
import { checkTask } from '../../lib/task/rules';

const DATE_ACCEPTED = 'ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds';
const JOB_ACCEPTED = 'a job name such as "generate_billing", {"name": "generate_billing", "arguments": [...]}, ' +
  'or a chain of steps such as [{"name": "fetch", "arguments": [...]}, {"name": "upload", "retry": {"limit": 3}}]';
const REPEAT_KEYS = 'years months weeks days hours minutes seconds milliseconds (or y M w d h m s ms)';

function task(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { worker: 'billing', date: '2013-01-12T10:00:00Z', job: 'generate_billing', ...fields };
}

function without(field: string): Record<string, unknown> {
  const doc = task();
  delete doc[field];
  return doc;
}

describe('checkTask', () => {
  describe('the document', () => {
    it('accepts a minimal task', () => {
      expect(checkTask(task())).to.equal(null);
    });

    it('accepts the full seed example with extra fields, left untouched', () => {
      const doc = task({
        _id: 'b1', _rev: '1-abc', status: 'waiting', repeat: { days: 7, months: 1 },
        job: { name: 'generate_billing', arguments: [1, { a: null }] },
        result: { sent: 3 }, error: null, runs: 2, history: [], lease: { by: 'x', until: 5 }, mine: 'kept',
      });
      const copy = JSON.parse(JSON.stringify(doc));
      expect(checkTask(doc)).to.equal(null);
      expect(doc).to.deep.equal(copy);
    });

    for (const value of [null, 'task', 42, [], true, undefined]) {
      it(`refuses ${JSON.stringify(value)} as a document`, () => {
        expect(checkTask(value)).to.equal(
          'a task must be a JSON object such as {"worker": "billing", "date": "2013-01-12T10:00:00Z", "job": "generate_billing"}');
      });
    }

    it('lets design documents, local documents and deletions pass', () => {
      expect(checkTask({ _id: '_design/after', views: {} })).to.equal(null);
      expect(checkTask({ _id: '_local/checkpoint', seq: '5-g1' })).to.equal(null);
      expect(checkTask({ _id: 'b1', _rev: '2-x', _deleted: true })).to.equal(null);
    });

    it('checks documents whose _id only looks like a design document', () => {
      expect(checkTask({ _id: 'x_design/after' })).to.match(/^worker is required/);
      expect(checkTask({ _id: 'b1', _deleted: 'true' })).to.match(/^worker is required/);
    });

    it('reports the first problem: worker, date, job, status, repeat', () => {
      expect(checkTask({ status: 'x', repeat: 0 })).to.match(/^worker /);
      expect(checkTask({ worker: 'w', status: 'x', repeat: 0 })).to.match(/^date /);
      expect(checkTask({ worker: 'w', date: 1357984800000, status: 'x', repeat: 0 })).to.match(/^job /);
      expect(checkTask({ worker: 'w', date: 1357984800000, job: 'j', status: 'x', repeat: 0 })).to.match(/^status /);
      expect(checkTask({ worker: 'w', date: 1357984800000, job: 'j', repeat: 0 })).to.match(/^repeat /);
    });
  });

  describe('worker', () => {
    it('is required', () => {
      expect(checkTask(without('worker'))).to.equal(
        'worker is required: the name of the worker that runs the task, such as "billing"');
    });

    for (const [value, shown] of [['', "''"], [42, '42'], [null, 'null'], [['a'], '["a"]'], [{ name: 'a' }, '{"name":"a"}']]) {
      it(`refuses ${shown}`, () => {
        expect(checkTask(task({ worker: value }))).to.equal(
          `worker ${shown} is not a worker name; use a non-empty string such as "billing"`);
      });
    }
  });

  describe('date', () => {
    it('is required', () => {
      expect(checkTask(without('date'))).to.equal(`date is required: ${DATE_ACCEPTED}`);
    });

    const accepted: unknown[] = [
      '2013-01-12', '2013-01-12T10:00', '2013-01-12T10:00:00', '2013-01-12T10:00:00.5', '2013-01-12T10:00:00.123',
      '2013-01-12T10:00:00.123456789', '2013-01-12T10:00Z', '2013-01-12T10:00:00Z', '2013-01-12T10:00:00.123Z',
      '2013-01-12T10:00:00+02:00', '2013-01-12T10:00:00-0530', '2013-01-12T10:00+02:00', '2013-01-12T10:00:00.1+0000',
      '2013-01-12T00:00:00-12:00', '2013-01-12T23:59:59.999+14:00', '2012-02-29', '2000-02-29', '2013-12-31T23:59:59Z',
      '0000-01-01', '9999-12-31T23:59:59.999Z',
      100000000000, 1357984800000, 253402300799999,
    ];
    for (const value of accepted) {
      it(`accepts ${JSON.stringify(value)}`, () => {
        expect(checkTask(task({ date: value }))).to.equal(null);
      });
    }

    const notIso: Array<[unknown, string]> = [
      ['tomorrow-ish', "'tomorrow-ish'"], ['', "''"], ['2013-1-12', "'2013-1-12'"], ['13-01-12', "'13-01-12'"],
      ['2013-01-12 10:00:00', "'2013-01-12 10:00:00'"], ['2013-01-12t10:00:00z', "'2013-01-12t10:00:00z'"],
      ['2013-01-12T10', "'2013-01-12T10'"], ['2013-01-12T10:00:00.', "'2013-01-12T10:00:00.'"],
      ['2013-01-12T10:00:00.1234567890', "'2013-01-12T10:00:00.1234567890'"], ['2013-01-12T10:00:00,5', "'2013-01-12T10:00:00,5'"],
      ['2013-01-12T10:00:00+02', "'2013-01-12T10:00:00+02'"], ['2013-01-12T10:00:00 Z', "'2013-01-12T10:00:00 Z'"],
      ['2013-01-12Z', "'2013-01-12Z'"], ['2013-01-12+02:00', "'2013-01-12+02:00'"], [' 2013-01-12', "' 2013-01-12'"],
      ['2013-01-12\n', "'2013-01-12\\n'"], ['2013-W02-6', "'2013-W02-6'"], ['2013-012', "'2013-012'"],
      ['+002013-01-12', "'+002013-01-12'"], ['1357984800000', "'1357984800000'"], ['Sat Jan 12 2013', "'Sat Jan 12 2013'"],
      [-1, '-1'], [1.5, '1.5'], [8.64e15 + 1, '8640000000000001'], [Infinity, 'Infinity'], [NaN, 'NaN'],
      [true, 'true'], [null, 'null'], [{}, '{}'], [[2013, 0, 12], '[2013,0,12]'],
    ];
    const numbers: Array<[number, string]> = [
      [0, 'date 0 is before 1973-03-03T09:46:40.000Z as epoch milliseconds'],
      [99999999, 'date 99999999 is before 1973-03-03T09:46:40.000Z as epoch milliseconds'],
      [1700000000, 'date 1700000000 is before 1973-03-03T09:46:40.000Z as epoch milliseconds; it looks like epoch seconds ' +
        '(2023-11-14T22:13:20.000Z): After takes epoch milliseconds, 1700000000000'],
      [99999999999, 'date 99999999999 is before 1973-03-03T09:46:40.000Z as epoch milliseconds; it looks like epoch seconds ' +
        '(5138-11-16T09:46:39.000Z): After takes epoch milliseconds, 99999999999000'],
      [253402300800000, 'date 253402300800000 is after 9999-12-31T23:59:59.999Z, the last time an ISO 8601 task date can hold'],
      [8.64e15, 'date 8640000000000000 is after 9999-12-31T23:59:59.999Z, the last time an ISO 8601 task date can hold'],
    ];
    for (const [value, message] of numbers) {
      it(`refuses ${value} as epoch milliseconds out of range, naming the likely mistake`, () => {
        expect(checkTask(task({ date: value }))).to.equal(message);
      });
    }

    for (const [value, shown] of notIso) {
      it(`refuses ${shown} as not ISO 8601`, () => {
        expect(checkTask(task({ date: value }))).to.equal(`date ${shown} is not ${DATE_ACCEPTED}`);
      });
    }

    const outOfRange: Array<[string, string]> = [
      ['2013-00-12', "date '2013-00-12' has month 00; use 01 to 12"],
      ['2013-13-12', "date '2013-13-12' has month 13; use 01 to 12"],
      ['2013-01-00', "date '2013-01-00' has day 00; 2013-01 has days 01 to 31"],
      ['2013-01-32', "date '2013-01-32' has day 32; 2013-01 has days 01 to 31"],
      ['2013-02-29', "date '2013-02-29' has day 29; 2013-02 has days 01 to 28"],
      ['2012-02-30', "date '2012-02-30' has day 30; 2012-02 has days 01 to 29"],
      ['1900-02-29', "date '1900-02-29' has day 29; 1900-02 has days 01 to 28"],
      ['2013-04-31T10:00:00Z', "date '2013-04-31T10:00:00Z' has day 31; 2013-04 has days 01 to 30"],
      ['2013-01-12T24:00', "date '2013-01-12T24:00' has hour 24; use 00 to 23"],
      ['2013-01-12T10:60:00Z', "date '2013-01-12T10:60:00Z' has minute 60; use 00 to 59"],
      ['2013-01-12T10:00:60Z', "date '2013-01-12T10:00:60Z' has second 60; use 00 to 59"],
      ['2013-01-12T10:00:00+14:01', "date '2013-01-12T10:00:00+14:01' has offset +14:01; use -12:00 to +14:00"],
      ['2013-01-12T10:00:00-1230', "date '2013-01-12T10:00:00-1230' has offset -12:30; use -12:00 to +14:00"],
      ['2013-01-12T10:00:00+02:60', "date '2013-01-12T10:00:00+02:60' has offset +02:60; use -12:00 to +14:00"],
    ];
    for (const [value, message] of outOfRange) {
      it(`refuses ${value}: ${message.slice(message.indexOf(' has ') + 1)}`, () => {
        expect(checkTask(task({ date: value }))).to.equal(message);
      });
    }

    it('shortens a long value in its message', () => {
      const message = checkTask(task({ date: 'x'.repeat(500) })) as string;
      expect(message).to.equal(`date '${'x'.repeat(56)}... is not ${DATE_ACCEPTED}`);
    });
  });

  describe('job', () => {
    it('is required', () => {
      expect(checkTask(without('job'))).to.equal(`job is required: ${JOB_ACCEPTED}`);
    });

    it('accepts a name, or an object with a name and any arguments', () => {
      for (const job of ['generate_billing', 'x', { name: 'a' }, { name: 'a', arguments: [1, 'b', null] },
        { name: 'a', arguments: { deep: { list: [] } } }, { name: 'a', arguments: null }, { name: 'a', arguments: 'text' },
        { name: 'a', extra: true }, 'n'.repeat(200)]) {
        expect(checkTask(task({ job })), JSON.stringify(job)).to.equal(null);
      }
    });

    for (const [value, shown] of [[42, '42'], [null, 'null'], [true, 'true']]) {
      it(`refuses ${shown}`, () => {
        expect(checkTask(task({ job: value }))).to.equal(`job ${shown} is not ${JOB_ACCEPTED}`);
      });
    }

    it('refuses an empty name', () => {
      expect(checkTask(task({ job: '' }))).to.equal(
        "job '' is not a job name; use a non-empty string such as \"generate_billing\"");
      expect(checkTask(task({ job: { name: '' } }))).to.equal(
        "job name '' is not a job name; use a non-empty string such as \"generate_billing\"");
    });

    it('refuses a name that is not a string', () => {
      expect(checkTask(task({ job: { name: 7, arguments: [] } }))).to.equal(
        'job name 7 is not a job name; use a non-empty string such as "generate_billing"');
      expect(checkTask(task({ job: { name: null } }))).to.equal(
        'job name null is not a job name; use a non-empty string such as "generate_billing"');
    });

    it('refuses an object without a name', () => {
      expect(checkTask(task({ job: { arguments: [1] } }))).to.equal(`job {"arguments":[1]} has no name; use ${JOB_ACCEPTED}`);
    });

    it('refuses names longer than 200 characters', () => {
      const name = 'n'.repeat(201);
      expect(checkTask(task({ job: name }))).to.equal(`job '${'n'.repeat(56)}... is 201 characters long; use at most 200`);
      expect(checkTask(task({ job: { name } }))).to.equal(`job name '${'n'.repeat(56)}... is 201 characters long; use at most 200`);
    });
  });

  describe('status', () => {
    it('is optional', () => {
      expect(checkTask(task())).to.equal(null);
    });

    for (const status of ['waiting', 'scheduled', 'running', 'done', 'error', 'reschedule', 'cancel', 'canceled']) {
      it(`accepts ${status}`, () => {
        expect(checkTask(task({ status }))).to.equal(null);
      });
    }

    for (const [value, shown] of [['pending', "'pending'"], ['Waiting', "'Waiting'"], ['cancelled', "'cancelled'"],
      ['', "''"], [null, 'null'], [1, '1']]) {
      it(`refuses ${shown}, naming the accepted ones`, () => {
        expect(checkTask(task({ status: value }))).to.equal(`status ${shown} is not a status; use waiting, scheduled, ` +
          'running, done, error, reschedule, cancel or canceled');
      });
    }
  });

  describe('repeat', () => {
    it('is optional', () => {
      expect(checkTask(without('repeat'))).to.equal(null);
    });

    const accepted: unknown[] = [
      { days: 7, months: 1 }, { years: 1 }, { months: 1 }, { weeks: 2 }, { days: 1 }, { hours: 1.5 }, { minutes: 30 },
      { seconds: 1 }, { milliseconds: 1000 }, { y: 1 }, { M: 1 }, { w: 1 }, { d: 1 }, { h: 1 }, { m: 1 }, { s: 1.5 },
      { ms: 1500 }, { days: 0, hours: 1 }, { d: 1, days: 2 }, { ms: 500, s: 0.5 },
      'P1M7D', 'PT30S', 'P1W', 'P1Y2M3DT4H5M6.5S', 'P1Y', 'P1M', 'PT1M', 'PT1H', 'P1D', 'PT1.001S', 'PT1,5S',
      'PT1.5H', 'P0DT1S', 'P1W2D', 'P10000D',
    ];
    for (const repeat of accepted) {
      it(`accepts ${JSON.stringify(repeat)}`, () => {
        expect(checkTask(task({ repeat }))).to.equal(null);
      });
    }

    for (const [value, shown] of [[7, '7'], [null, 'null'], [true, 'true'], [[1, 'day'], '[1,"day"]']]) {
      it(`refuses ${shown} as not a repeat`, () => {
        expect(checkTask(task({ repeat: value }))).to.equal(`repeat ${shown} is not a repeat; use an object such as ` +
          `{"days": 7} with the keys ${REPEAT_KEYS}, or {"cron": "0 9 * * 1-5"}, with until and limit; or an ISO 8601 duration such as P1M7D`);
      });
    }

    const unknownKeys: Array<[Record<string, unknown>, string]> = [
      [{ foo: 3 }, 'foo'], [{ D: 7 }, 'D'], [{ day: 1 }, 'day'], [{ Y: 1 }, 'Y'], [{ quarters: 1 }, 'quarters'],
      [{ Q: 1 }, 'Q'], [{ days: 1, H: 2 }, 'H'], [{ S: 1 }, 'S'], [{ MS: 1 }, 'MS'],
    ];
    for (const [repeat, key] of unknownKeys) {
      it(`refuses the key ${key}, naming the accepted ones`, () => {
        expect(checkTask(task({ repeat }))).to.equal(`repeat ${JSON.stringify(repeat)} has unknown key '${key}'; ` +
          `use ${REPEAT_KEYS}, or cron, with until and limit; or an ISO 8601 duration such as P1M7D`);
      });
    }

    it('gives the example message for {foo: 3}', () => {
      expect(checkTask(task({ repeat: { foo: 3 } }))).to.equal("repeat {\"foo\":3} has unknown key 'foo'; use years " +
        'months weeks days hours minutes seconds milliseconds (or y M w d h m s ms), or cron, with until and limit; ' +
        'or an ISO 8601 duration such as P1M7D');
    });

    it('refuses keys inherited or named like Object members only when they are its own', () => {
      expect(checkTask(task({ repeat: Object.assign(Object.create({ foo: 1 }), { days: 1 }) }))).to.equal(null);
      expect(checkTask(task({ repeat: JSON.parse('{"constructor": 1}') }))).to.match(/unknown key 'constructor'/);
      expect(checkTask(task({ repeat: JSON.parse('{"__proto__": 1, "d": 1}') }))).to.match(/unknown key '__proto__'/);
    });

    const badAmounts: Array<[Record<string, unknown>, string]> = [
      [{ days: -1 }, 'repeat {"days":-1} has days -1; use a number >= 0'],
      [{ d: '7' }, 'repeat {"d":"7"} has d \'7\'; use a number >= 0'],
      [{ hours: null }, 'repeat {"hours":null} has hours null; use a number >= 0'],
      [{ ms: Infinity }, 'repeat {"ms":null} has ms Infinity; use a number >= 0'],
      [{ s: NaN }, 'repeat {"s":null} has s NaN; use a number >= 0'],
      [{ m: [1] }, 'repeat {"m":[1]} has m [1]; use a number >= 0'],
    ];
    for (const [repeat, message] of badAmounts) {
      it(`refuses ${message.slice(7, message.indexOf(' has '))}`, () => {
        expect(checkTask(task({ repeat }))).to.equal(message);
      });
    }

    const fractions: Array<[unknown, string]> = [
      [{ days: 1.5 }, 'repeat {"days":1.5} has days 1.5'], [{ w: 0.5 }, 'repeat {"w":0.5} has w 0.5'],
      [{ M: 1.5 }, 'repeat {"M":1.5} has M 1.5'], [{ years: 0.25 }, 'repeat {"years":0.25} has years 0.25'],
      ['P1.5D', "repeat 'P1.5D' has days 1.5"], ['P0,5Y', "repeat 'P0,5Y' has years 0.5"],
      ['P1.5W', "repeat 'P1.5W' has weeks 1.5"], ['P1.5M', "repeat 'P1.5M' has months 1.5"],
    ];
    for (const [repeat, start] of fractions) {
      it(`refuses a fraction of a calendar unit: ${JSON.stringify(repeat)}`, () => {
        expect(checkTask(task({ repeat }))).to.equal(`${start}; years, months, weeks and days must be whole numbers ` +
          '(use hours for parts of a day)');
      });
    }

    const zeros: Array<[unknown, string]> = [
      [{}, '{}'], [{ days: 0 }, '{"days":0}'], [{ y: 0, M: 0, w: 0, d: 0, h: 0, m: 0, s: 0, ms: 0 }, '{"y":0,"M":0,"w":0,"d":0,"h":0,"m":0,"s":0,"ms":0}'],
      [{ ms: 0.5 }, '{"ms":0.5}'], [{ s: 0.0009 }, '{"s":0.0009}'], ['PT0S', "'PT0S'"], ['P0D', "'P0D'"],
      ['P0Y0M0W0DT0H0M0S', "'P0Y0M0W0DT0H0M0S'"], ['PT0.0001S', "'PT0.0001S'"],
      [{ ms: 1 }, '{"ms":1}'], [{ ms: 999 }, '{"ms":999}'], [{ s: 0.5 }, '{"s":0.5}'], [{ ms: 0.5, s: 0.999 }, '{"ms":0.5,"s":0.999}'],
      ['PT0.001S', "'PT0.001S'"], ['PT0,5S', "'PT0,5S'"],
    ];
    for (const [repeat, shown] of zeros) {
      it(`refuses ${shown} as shorter than a second`, () => {
        expect(checkTask(task({ repeat }))).to.equal(`repeat ${shown} is shorter than a second; tasks run to the second: use at least {"seconds": 1} or PT1S`);
      });
    }

    const notIso = ['P', 'PT', 'P1DT', '-P1D', '+P1D', 'P-1D', 'P1X', 'p1d', 'P1d', 'PT1D', 'P1H', 'P1S', 'P1D1M',
      'PT1S1M', 'P 1D', 'P1D ', 'P.5D', 'P1.D', '1D', '', 'P1M7DT', 'PT1.5', 'P1Y2M3DT4H5M6.5SX'];
    for (const repeat of notIso) {
      it(`refuses ${JSON.stringify(repeat)} as not an ISO 8601 duration`, () => {
        expect(checkTask(task({ repeat }))).to.equal(`repeat '${repeat}' is not an ISO 8601 duration such as ` +
          'P1M7D, PT30S, P1W or P1Y2M3DT4H5M6.5S (no sign, fractions only in hours, minutes and seconds)');
      });
    }
  });

  describe('depends_on', () => {
    it('is optional, and takes a list of task ids, empty or not', () => {
      expect(checkTask(task({ _id: 'd' }))).to.equal(null);
      expect(checkTask(task({ _id: 'd', depends_on: [] }))).to.equal(null);
      expect(checkTask(task({ _id: 'd', depends_on: ['a', 'b', 'a'] }))).to.equal(null);
    });

    for (const value of ['a', { a: 1 }, null, 7]) {
      it(`refuses ${JSON.stringify(value)} as not a list of task ids`, () => {
        expect(checkTask(task({ depends_on: value }))).to.equal(
          `depends_on ${typeof value === 'string' ? "'a'" : JSON.stringify(value)} is not a list of task ids; use an array of ids such as ["extract", "transform"]`);
      });
    }

    it('refuses an id that is no non-empty string, naming its place', () => {
      expect(checkTask(task({ depends_on: ['a', 7] }))).to.equal('depends_on[1] 7 is not a task id; use a non-empty string such as "extract"');
      expect(checkTask(task({ depends_on: [''] }))).to.equal('depends_on[0] \'\' is not a task id; use a non-empty string such as "extract"');
    });

    it('refuses the task\'s own id: it would wait forever', () => {
      expect(checkTask(task({ _id: 'd', depends_on: ['a', 'd'] }))).to.equal("depends_on names the task itself ('d'): it would wait for its own end forever");
    });
  });
});
