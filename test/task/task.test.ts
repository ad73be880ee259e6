import { expect } from 'chai';
import fc from 'fast-check';
import * as rules from '../../lib/task/rules';
import { checkTask, dateProblem, repeatProblem, retrySettings, taskDateMs } from '../../lib/task/rules';
import { TaskError } from '../../lib/task/errors';
import { nextOccurrence, parseRepeat } from '../../lib/task/repeat';
import { readTask, type Task } from '../../lib/task/task';
import type { TaskDoc } from '../../lib/task/types';

const DATE = '2026-01-31T10:00:00Z';
const DATE_MS = Date.parse(DATE);
const DAY = 86400000;
const doc = (fields: Record<string, unknown> = {}): TaskDoc => ({ _id: 't', worker: 'w', date: DATE, job: 'a', ...fields } as TaskDoc);

/** What `ask` throws (a TaskError: its message), or what it returns. */
function outcome<T>(ask: () => T): { threw: string } | { gave: T } {
  try {
    return { gave: ask() };
  } catch (err) {
    expect(err).to.be.instanceOf(TaskError);
    return { threw: (err as TaskError).message };
  }
}

// Values a user may write in any field: valid ones, and the junk JSON allows.
const JUNK: unknown[] = [
  null, true, 0, -0, -1, 1.5, 1e308, -1e308, 8.64e15, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, '', 'x', '__proto__', [], [1, 'a'],
  {}, { a: { b: { c: [null] } } }, JSON.parse('{"__proto__": {"polluted": true}}'), JSON.parse('{"__proto__": 1}'),
  JSON.parse('{"constructor": {"prototype": 1}}'), { limit: 1e308 }, { limit: 2, interval: '__proto__' },
];
const CHOICES: Record<string, unknown[]> = {
  worker: ['w', ...JUNK],
  date: [DATE, DATE_MS, '2026-01-31T10:00:00+02:00', '2026-01-31', '9999-12-31T23:59:59.999Z', 253402300799999, ...JUNK],
  job: ['a', { name: 'a', arguments: [1] }, { name: 'a', arguments: JSON.parse('{"__proto__": 3}') }, ...JUNK],
  status: ['waiting', 'running', 'reschedule', 'done', ...JUNK],
  repeat: [{ days: 1 }, { months: 1 }, 'PT1S', 'P1M7D', { years: 1e6 }, { s: 0.5 }, ...JUNK],
  repeat_from: ['2026-01-30T10:00:00+05:30', DATE_MS - DAY, '2026-01-30', ...JUNK],
  retry: [{ limit: 3 }, { limit: 2, interval: 'PT30S', backoff: 'exponential', max: { minutes: 10 } }, ...JUNK],
  max_attempts: [1, 5, ...JUNK],
  max_fails: [1, 5, ...JUNK],
  timeout: [1, 2147483647, 2147483648, ...JUNK],
  priority: [0, -3, 7, ...JUNK],
};

/** A document as it comes from the database (through JSON: `__proto__` is an own field), each field absent or chosen. */
const documents = fc.record(
  Object.fromEntries(Object.entries(CHOICES).map(([field, values]) => [field, fc.oneof(fc.constantFrom(...values), fc.jsonValue())])),
  { requiredKeys: [] },
).map((fields) => JSON.parse(JSON.stringify({ _id: 't', ...fields })) as TaskDoc);

describe('Task', () => {
  it('says what checkTask says of any document, and each part throws what parsing that part alone throws', () => {
    const afterMs = DATE_MS + 12345;
    fc.assert(fc.property(documents, (written) => {
      const task = readTask(written);
      expect(task.problem).to.equal(checkTask(written));
      // The date, alone.
      const dateRefused = dateProblem(written.date);
      expect(outcome(() => task.date.ms)).to.deep.equal(dateRefused === null ? { gave: taskDateMs(written.date) } : { threw: dateRefused });
      // The limits, of a well-formed task only (checkTask's message otherwise).
      expect(outcome(() => task.limits)).to.deep.equal(task.problem !== null ? { threw: task.problem } : {
        gave: {
          retry: written.retry === undefined ? null : retrySettings(written.retry),
          maxAttempts: written.max_attempts ?? null,
          maxFails: written.max_fails ?? null,
          timeoutMs: written.timeout ?? null,
          priority: written.priority ?? 0,
        },
      });
      // The schedule: the repeat first, then the first date: repeat_from when it is a date, else date.
      if (written.repeat === undefined) {
        expect(task.schedule).to.equal(null);
        return;
      }
      const from: unknown = written.repeat_from;
      const start = (typeof from === 'string' || typeof from === 'number') && dateProblem(from) === null ? from : written.date;
      expect(task.gridStart).to.equal(start);
      const expected = outcome(() => nextOccurrence(start, parseRepeat(written.repeat), afterMs).ms);
      expect(outcome(() => task.schedule!.next(afterMs))).to.deep.equal(expected);
      if ('gave' in expected) expect(task.schedule!.anchor.written).to.equal(start);
    }), { numRuns: 3000 });
  });

  it('gives one line for every refusal, and never throws anything but TaskError', () => {
    fc.assert(fc.property(documents, (written) => {
      const task = readTask(written);
      const asks: Array<() => unknown> = [() => task.problem, () => task.date, () => task.limits, () => task.schedule?.next(DATE_MS)];
      for (const ask of asks) {
        const result = outcome(ask);
        if ('threw' in result) expect(result.threw).to.be.a('string').and.not.match(/\n/).and.not.equal('');
      }
    }), { numRuns: 1000 });
  });

  it('reads a well-formed task: its date, status and limits, the defaults filled in', () => {
    const task = readTask(doc({ date: '2026-01-31T12:00:00+02:00' }));
    expect(task.problem).to.equal(null);
    expect(task.status).to.equal('waiting');
    expect(task.date.ms).to.equal(DATE_MS);
    expect(task.date.written).to.equal('2026-01-31T12:00:00+02:00');
    expect(task.limits).to.deep.equal({ retry: null, maxAttempts: null, maxFails: null, timeoutMs: null, priority: 0 });
    expect(task.schedule).to.equal(null);
    expect(task.gridStart).to.equal(undefined);
    const limited = readTask(doc({ status: 'scheduled', retry: { limit: 2, interval: 'PT30S' }, max_attempts: 4, max_fails: 3, timeout: 500, priority: -2 }));
    expect(limited.status).to.equal('scheduled');
    expect(limited.limits).to.deep.equal({
      retry: { limit: 2, intervalMs: 30000, backoff: 'fixed', maxMs: null }, maxAttempts: 4, maxFails: 3, timeoutMs: 500, priority: -2,
    });
  });

  it('refuses the limits of a document that breaks any rule, with checkTask\'s message', () => {
    const task = readTask(doc({ job: '', retry: { limit: 3 } }));
    expect(task.problem).to.match(/^job '' is not a job name/);
    expect(() => task.limits).to.throw(TaskError, task.problem!);
    // The date alone is fine, and the repeat's schedule does not ask for the other fields.
    expect(task.date.ms).to.equal(DATE_MS);
    expect(readTask(doc({ job: '', repeat: { days: 1 } })).schedule!.next(DATE_MS)).to.equal(DATE_MS + DAY);
  });

  it('runs a repeating task on the grid of its repeat_from, written in its style', () => {
    const task = readTask(doc({ repeat: { days: 1 }, repeat_from: '2026-01-01T15:30:00+05:30', date: '2026-01-31T10:00:00.000Z' }));
    const schedule = task.schedule!;
    expect(schedule.anchor.written).to.equal('2026-01-01T15:30:00+05:30');
    const next = schedule.next(DATE_MS);
    expect(next).to.equal(Date.parse('2026-02-01T10:00:00Z'));
    expect(schedule.anchor.format(next)).to.equal('2026-02-01T15:30:00.000+05:30');
  });

  it('falls back to date for a repeat_from that is no date, whatever it holds', () => {
    for (const junk of JUNK.concat(['2026-02-30', 99, '9999'])) {
      const task = readTask(JSON.parse(JSON.stringify(doc({ repeat: { hours: 1 }, repeat_from: junk }))));
      expect(task.gridStart, JSON.stringify(junk)).to.equal(DATE);
      expect(task.schedule!.next(DATE_MS), JSON.stringify(junk)).to.equal(DATE_MS + 3600000);
    }
  });

  it('refuses a schedule for a wrong repeat before a wrong date, each with the rules\' message', () => {
    expect(() => readTask(doc({ repeat: { days: 0 }, date: 'soon' })).schedule).to.throw(TaskError, repeatProblem({ days: 0 })!);
    expect(() => readTask(doc({ repeat: { days: 1 }, date: 'soon' })).schedule).to.throw(TaskError, dateProblem('soon')!);
  });

  describe('reads its document once', () => {
    const original = { readTaskFields: rules.readTaskFields, readDate: rules.readDate };
    const calls = { readTaskFields: 0, readDate: 0 };
    const counted = rules as unknown as Record<keyof typeof original, (value: unknown) => unknown>;

    beforeEach(() => {
      calls.readTaskFields = 0;
      calls.readDate = 0;
      counted.readTaskFields = (value) => { calls.readTaskFields += 1; return original.readTaskFields(value); };
      counted.readDate = (value) => { calls.readDate += 1; return original.readDate(value); };
    });

    afterEach(() => {
      Object.assign(counted, original);
    });

    const askEverything = (task: Task): void => {
      for (let i = 0; i < 3; i += 1) {
        void [task.problem, task.status, task.date, task.limits, task.gridStart, task.schedule, task.schedule!.next(DATE_MS)];
      }
    };

    it('however often each part is asked for, repeat_from included', () => {
      askEverything(readTask(doc({ repeat: { days: 1 }, repeat_from: '2026-01-30T10:00:00Z', retry: { limit: 1 } })));
      expect(calls).to.deep.equal({ readTaskFields: 1, readDate: 1 });
    });

    it('and not at all for what needs no reading', () => {
      const task = readTask(doc());
      void [task.status, task.doc, task.schedule];
      expect(calls).to.deep.equal({ readTaskFields: 0, readDate: 0 });
    });
  });
});
