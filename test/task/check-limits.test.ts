// checkTask's messages for retry, max_attempts, max_fails and timeout.
import { expect } from 'chai';
import { checkTask } from '../../lib/task/rules';

const RETRY_EXAMPLE = '{"limit": 3, "interval": "PT30S", "backoff": "exponential", "max": "PT10M"}';
const DELAY_ACCEPTED = 'a number of milliseconds > 0, a duration object such as {"seconds": 30}, ' +
  'or an ISO 8601 duration such as PT30S';
const REPEAT_KEYS = 'years months weeks days hours minutes seconds milliseconds (or y M w d h m s ms)';

function task(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { worker: 'billing', date: '2013-01-12T10:00:00Z', job: 'generate_billing', ...fields };
}

describe('checkTask: retries, limits and time-outs', () => {
  it('accepts every field in each of its forms', () => {
    const accepted: Array<Record<string, unknown>> = [
      { retry: { limit: 0 } },
      { retry: { limit: 3, interval: 500, backoff: 'exponential', max: 'PT1M' } },
      { retry: { limit: 1, interval: { s: 30 }, backoff: 'fixed' } },
      { retry: { limit: 1, interval: 'PT30S', max: { minutes: 10 } } },
      { retry: { limit: 1, interval: 0.5, max: 1e12 } },
      { max_attempts: 1, max_fails: 1, timeout: 1 },
      { max_attempts: 100, max_fails: 7, timeout: 0.5 },
      { retry: { limit: 2 }, max_attempts: 5, max_fails: 3, timeout: 30000, repeat: { days: 1 } },
    ];
    for (const fields of accepted) {
      expect(checkTask(task(fields)), JSON.stringify(fields)).to.equal(null);
    }
  });

  it('reports the first problem: repeat, retry, max_attempts, max_fails, timeout', () => {
    const all = { repeat: 0, retry: 0, max_attempts: 0, max_fails: 0, timeout: 0 };
    expect(checkTask(task(all))).to.match(/^repeat /);
    expect(checkTask(task({ ...all, repeat: { d: 1 } }))).to.match(/^retry /);
    expect(checkTask(task({ ...all, repeat: { d: 1 }, retry: { limit: 1 } }))).to.match(/^max_attempts /);
    expect(checkTask(task({ ...all, repeat: { d: 1 }, retry: { limit: 1 }, max_attempts: 1 }))).to.match(/^max_fails /);
    expect(checkTask(task({ ...all, repeat: { d: 1 }, retry: { limit: 1 }, max_attempts: 1, max_fails: 1 })))
      .to.match(/^timeout /);
  });

  describe('retry', () => {
    for (const [value, shown] of [[3, '3'], [null, 'null'], ['PT30S', "'PT30S'"], [[1], '[1]'], [true, 'true']]) {
      it(`refuses ${shown} as not a retry policy`, () => {
        expect(checkTask(task({ retry: value }))).to.equal(
          `retry ${shown} is not a retry policy; use an object such as ${RETRY_EXAMPLE}`);
      });
    }

    it('refuses unknown keys, naming the accepted ones', () => {
      expect(checkTask(task({ retry: { limit: 1, delay: 5 } }))).to.equal(
        `retry {"limit":1,"delay":5} has unknown key 'delay'; use limit, interval, backoff and max, as in ${RETRY_EXAMPLE}`);
      expect(checkTask(task({ retry: JSON.parse('{"limit": 1, "__proto__": 1}') }))).to.match(/unknown key '__proto__'/);
    });

    it('requires a limit', () => {
      expect(checkTask(task({ retry: { interval: 1000 } }))).to.equal(
        `retry.limit is required: how many times to retry a failed run, a whole number >= 0, as in ${RETRY_EXAMPLE}`);
    });

    for (const [value, shown] of [[-1, '-1'], [1.5, '1.5'], ['3', "'3'"], [null, 'null'], [Infinity, 'Infinity'], [NaN, 'NaN']]) {
      it(`refuses the limit ${shown}`, () => {
        expect(checkTask(task({ retry: { limit: value } }))).to.equal(
          `retry.limit ${shown} is not a number of retries; use a whole number >= 0`);
      });
    }

    for (const label of ['interval', 'max']) {
      describe(`retry.${label}`, () => {
        for (const [value, shown] of [[0, '0'], [-5, '-5'], [NaN, 'NaN'], [Infinity, 'Infinity'], [null, 'null'],
          [true, 'true'], [[30, 's'], '[30,"s"]']]) {
          it(`refuses ${shown} as not a delay`, () => {
            expect(checkTask(task({ retry: { limit: 1, [label]: value } }))).to.equal(
              `retry.${label} ${shown} is not a delay; use ${DELAY_ACCEPTED}`);
          });
        }

        it('refuses what a repeat refuses, with the same message', () => {
          const retry = (value: unknown): string | null => checkTask(task({ retry: { limit: 1, [label]: value } }));
          expect(retry({ foo: 3 })).to.equal(`retry.${label} {"foo":3} has unknown key 'foo'; use ${REPEAT_KEYS}, ` +
            'or an ISO 8601 duration such as P1M7D');
          expect(retry({ s: -1 })).to.equal(`retry.${label} {"s":-1} has s -1; use a number >= 0`);
          expect(retry({ days: 1.5 })).to.equal(`retry.${label} {"days":1.5} has days 1.5; years, months, weeks and ` +
            'days must be whole numbers (use hours for parts of a day)');
          expect(retry('soon')).to.equal(`retry.${label} 'soon' is not an ISO 8601 duration such as P1M7D, PT30S, P1W ` +
            'or P1Y2M3DT4H5M6.5S (no sign, fractions only in hours, minutes and seconds)');
          expect(retry('PT0S')).to.equal(`retry.${label} 'PT0S' must be longer than zero (at least 1 millisecond)`);
          expect(retry({})).to.equal(`retry.${label} {} must be longer than zero (at least 1 millisecond)`);
        });
      });
    }

    for (const [value, shown] of [['linear', "'linear'"], ['Fixed', "'Fixed'"], [null, 'null'], [2, '2']]) {
      it(`refuses the backoff ${shown}`, () => {
        expect(checkTask(task({ retry: { limit: 1, backoff: value } }))).to.equal(
          `retry.backoff ${shown} is not a backoff; use "fixed" or "exponential"`);
      });
    }

    it('checks limit, interval, backoff and max in that order', () => {
      const retry = { limit: -1, interval: 0, backoff: 'x', max: 0 };
      expect(checkTask(task({ retry }))).to.match(/^retry\.limit /);
      expect(checkTask(task({ retry: { ...retry, limit: 1 } }))).to.match(/^retry\.interval /);
      expect(checkTask(task({ retry: { ...retry, limit: 1, interval: 1 } }))).to.match(/^retry\.backoff /);
      expect(checkTask(task({ retry: { ...retry, limit: 1, interval: 1, backoff: 'fixed' } }))).to.match(/^retry\.max /);
    });
  });

  for (const [field, what, least] of [['max_attempts', 'a number of attempts', 1], ['max_fails', 'a number of failures', 1]]) {
    describe(String(field), () => {
      for (const [value, shown] of [[0, '0'], [-1, '-1'], [2.5, '2.5'], ['3', "'3'"], [null, 'null'], [Infinity, 'Infinity'],
        [NaN, 'NaN'], [[3], '[3]']]) {
        it(`refuses ${shown}`, () => {
          expect(checkTask(task({ [String(field)]: value }))).to.equal(
            `${field} ${shown} is not ${what}; use a whole number >= ${least}`);
        });
      }
    });
  }

  describe('timeout', () => {
    for (const [value, shown] of [[0, '0'], [-1, '-1'], ['30s', "'30s'"], [null, 'null'], [NaN, 'NaN'],
      [Infinity, 'Infinity'], [2147483648, '2147483648'], [{ seconds: 30 }, '{"seconds":30}'], ['PT30S', "'PT30S'"]]) {
      it(`refuses ${shown}`, () => {
        expect(checkTask(task({ timeout: value }))).to.equal(
          `timeout ${shown} is not a time-out; use a number of milliseconds > 0, at most 2147483647 (24.8 days)`);
      });
    }

    it('accepts up to the longest delay a Node timer keeps', () => {
      expect(checkTask(task({ timeout: 2147483647 }))).to.equal(null);
    });
  });

  describe('priority', () => {
    for (const [value, shown] of [[1.5, '1.5'], ['1', "'1'"], [null, 'null'], [NaN, 'NaN'], [Infinity, 'Infinity']]) {
      it(`refuses ${shown}`, () => {
        expect(checkTask(task({ priority: value }))).to.equal(
          `priority ${shown} is not a priority; use a whole number (higher starts first among tasks due together; default 0)`);
      });
    }

    it('accepts whole numbers, negative ones too', () => {
      for (const priority of [0, 5, -3]) expect(checkTask(task({ priority }))).to.equal(null);
    });
  });
});
