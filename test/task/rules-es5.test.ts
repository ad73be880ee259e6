// The task rules' source goes into CouchDB's design document: each part of it (rules-values.ts,
// rules-dates.ts, rules-durations.ts, rules-job.ts, rules-task.ts, and composeRules in rules.ts) must be ES5
// and stand alone but for its parameters, and so must the whole source and the functions
// design-doc.ts builds from it.
import { expect } from 'chai';
import { parse, type Node } from 'acorn';
import vm from 'node:vm';
import { designDoc, VIEWS } from '../../lib/db/design-doc';
import { checkTask, composeRules, taskRules, taskRulesSource, type TaskRules } from '../../lib/task/rules';
import { cronRules } from '../../lib/task/rules-cron';
import { dateRules } from '../../lib/task/rules-dates';
import { durationRules } from '../../lib/task/rules-durations';
import { jobRules } from '../../lib/task/rules-job';
import { repeatRules } from '../../lib/task/rules-repeat';
import { taskLevelRules } from '../../lib/task/rules-task';
import { valueRules } from '../../lib/task/rules-values';

const PARTS: Array<[string, (...parts: never[]) => unknown]> = [
  ['valueRules', valueRules], ['dateRules', dateRules], ['durationRules', durationRules], ['cronRules', cronRules],
  ['repeatRules', repeatRules], ['taskLevelRules', taskLevelRules], ['jobRules', jobRules], ['composeRules', composeRules],
];
const SOURCES: Array<[string, string]> = [
  ...PARTS.map(([name, part]): [string, string] => [name, `(${part.toString()})`]),
  ['taskRulesSource', `(${taskRulesSource})`],
];

/** What ES5 gives every function: the only names a part may use that it does not declare. */
const ES5_GLOBALS = new Set(['Object', 'Array', 'JSON', 'Math', 'Number', 'String', 'Boolean', 'Date', 'RegExp', 'Error',
  'isFinite', 'isNaN', 'parseInt', 'parseFloat', 'undefined', 'NaN', 'Infinity', 'arguments']);

/**
 * The names `source` uses without declaring them anywhere in it (a var, a function, a parameter or
 * a catch clause's), but for ES5's globals: a part that needs one of them does not stand alone,
 * even where no test runs the line that uses it.
 */
function freeNames(source: string): string[] {
  const declared = new Set<string>();
  const used = new Set<string>();
  const visit = (node: unknown, parent: { type: string; [key: string]: unknown } | null, key: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, parent, key);
      return;
    }
    if (typeof node !== 'object' || node === null || typeof (node as Node).type !== 'string') return;
    const current = node as Node & { [key: string]: unknown };
    if (current.type === 'Identifier') {
      const name = current.name as string;
      const type = parent ? parent.type : '';
      if (type === 'MemberExpression' && key === 'property' && !parent!.computed) return;
      if (type === 'Property' && key === 'key' && !parent!.computed) return;
      if (['LabeledStatement', 'BreakStatement', 'ContinueStatement'].includes(type)) return;
      const declares = (type === 'VariableDeclarator' && key === 'id') || type === 'CatchClause' ||
        ((type === 'FunctionDeclaration' || type === 'FunctionExpression') && (key === 'id' || key === 'params'));
      (declares ? declared : used).add(name);
      return;
    }
    for (const [childKey, child] of Object.entries(current)) {
      if (childKey !== 'type' && childKey !== 'start' && childKey !== 'end') visit(child, current, childKey);
    }
  };
  visit(parse(source, { ecmaVersion: 5 }), null, '');
  return [...used].filter((name) => !declared.has(name) && !ES5_GLOBALS.has(name)).sort();
}

/** A function's source run in an empty context: it has nothing but ES5 and what it is given. */
function isolated<T>(source: string): T {
  return vm.runInNewContext(source, Object.create(null)) as T;
}

/** A value made in a fresh context, as CouchDB's engine would hand it over (its own Object, Array and JSON). */
function inContext(value: unknown): unknown {
  return value === undefined ? undefined : vm.runInNewContext(`(${JSON.stringify(value)})`, Object.create(null));
}

/** A result from the other context, in this one (for deep comparisons). */
function here(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

const DOCS: unknown[] = [
  { worker: 'w', date: '2013-01-12T10:00:00+02:00', job: { name: 'j', arguments: [1] }, status: 'waiting', repeat: { d: 1 } },
  { worker: 'w', date: 1357984800000, job: 'j', repeat: 'P1Y2M3DT4H5M6.5S' },
  { worker: 'w', date: '2013-02-29', job: 'j' },
  { worker: 'w', date: 'soon', job: 'j' },
  { worker: 'w', date: 1357984800000, job: { arguments: [] } },
  { worker: 'w', date: 1357984800000, job: 'n'.repeat(201) },
  { worker: 'w', date: 1357984800000, job: 'j', status: 'nope' },
  { worker: 'w', date: 1357984800000, job: 'j', repeat: { foo: 3 } },
  { worker: 'w', date: 1357984800000, job: 'j', repeat: 'P1.5D' },
  { worker: 'w', date: 1357984800000, job: 'j', repeat: 'PT0S' },
  { worker: 'w', date: 1357984800000, job: 'j', repeat: 'P' },
  { worker: 'w', date: 1357984800000, job: 'j', retry: { limit: 3, interval: 'PT30S', backoff: 'exponential', max: { m: 10 } },
    max_attempts: 5, max_fails: 3, timeout: 60000 },
  { worker: 'w', date: 1357984800000, job: 'j', retry: { limit: 1, wait: 3 } },
  { worker: 'w', date: 1357984800000, job: 'j', retry: { limit: 1, interval: 'PT0S' } },
  { worker: 'w', date: 1357984800000, job: 'j', max_attempts: 0 },
  { worker: 'w', date: 1357984800000, job: 'j', max_fails: 1.5 },
  { worker: 'w', date: 1357984800000, job: 'j', timeout: '30s' },
  { worker: 'w', date: '2030-03-30T09:00:00+01:00', job: 'j', tz: 'Europe/Paris', repeat: { cron: '0 9 * * 1-5', until: '2031-01-01T00:00:00Z', limit: 3 } },
  { worker: 'w', date: '2030-03-30T09:00:00', job: 'j', tz: 'Europe/Paris', repeat: { cron: '0 9 * * *' } },
  { worker: 'w', date: 1357984800000, job: 'j', tz: 'Mars/Olympus_Mons', repeat: { days: 1, limit: 0 } },
  { _id: 'd', worker: 'w', date: 1357984800000, job: 'j', depends_on: ['a', 'b'] },
  { _id: 'd', worker: 'w', date: 1357984800000, job: 'j', depends_on: 'a' },
  { _id: 'd', worker: 'w', date: 1357984800000, job: 'j', depends_on: ['a', 7] },
  { _id: 'd', worker: 'w', date: 1357984800000, job: 'j', depends_on: ['a', 'd'] },
  { worker: 'w', date: 1357984800000, job: 'j', tz: 'Europe/Paris ', repeat: { cron: '0 9 30 2 *' } },
  { worker: 'w', date: 1357984800000, job: 'j', repeat: { cron: '0 25 * * *', days: 1 } },
  { worker: 'w', date: 1357984800000, job: 'j', ttl: { days: 7 }, status: 'done', finished_at: '2013-01-12T10:00:01Z' },
  { worker: 'w', date: 1357984800000, job: 'j', ttl: 'soon', status: 'error', error: { message: 'x', at: '2013-01-12T10:00:02Z' } },
  { worker: 'w', date: 1357984800000, job: 'j', status: 'canceled', ended_at: '2013-01-12T10:00:03+01:00', finished_at: 'never' },
  { worker: 'w', date: 1357984800000, job: [{ name: 'a', arguments: [1] }, { name: 'b', retry: { limit: 2, backoff: 'exponential' } }] },
  { worker: 'w', date: 1357984800000, job: [] },
  { worker: 'w', date: 1357984800000, job: [{ name: 'a' }, 'b'] },
  { worker: 'w', date: 1357984800000, job: [{ name: 'a' }, { name: 'b', retry: { limit: -1 } }] },
  { worker: 'w', date: 1357984800000, job: [{ name: 'a', argument: [] }] },
  { _id: '_design/after' },
  { _deleted: true },
  null,
];

const DATES: unknown[] = [
  '2013-01-12', '2013-01-12T10:00:00.123456Z', '2013-01-12T10:00-0530', '0000-01-01T00:00+14:00', '2013-02-29',
  '2013-01-12T10:00:00+14:01', 'soon', 0, 8.64e15, 8.64e15 + 1, -1, 1.5, null, undefined,
];

const REPEATS: unknown[] = [
  { d: 1, days: 2 }, { hours: 1.5, ms: 1 }, 'P1Y2M3DT4H5M6,5S', 'P1W', { foo: 3 }, 'P1.5D', 'PT0S', 7, undefined,
  { cron: '*/5 9-17 * JAN-MAR MON-FRI' }, { cron: '0 0 9 ? * SAT-SUN', limit: 2 }, { cron: '5/15 * * * *' }, { cron: '0 9 31 4,6 *' },
  { days: 1, until: 'soon' }, { h: 1, limit: 1.5 }, { until: 1357984800000 }, {},
];

const CRONS: unknown[] = ['0 9 * * 1-5', '* * * * *', '0 0 9 ? * MON', '0 9 31 2,4 *', '0 9 31 2,4 1', '60 * * * *', '1-0 * * * *',
  '*/0 * * * *', '0 9 * * 8', 'a b c d e', '0 9 * *', 7, null, { cron: 1 }];

const DELAYS: unknown[] = [1000, 0.5, { s: 30 }, 'PT30S', 'P1Y2M3W4DT5H', 0, -1, 'soon', { foo: 1 }, null, undefined];

const RETRIES: unknown[] = [
  { limit: 2 }, { limit: 3, interval: { h: 1 }, backoff: 'exponential', max: 'P1D' }, { limit: -1 }, { limit: 1, backoff: 'x' },
  { interval: 1 }, [], undefined,
];

/** `other` gives what the worker's rules give, for every value of the lists above. */
function expectSameRules(other: TaskRules): void {
  const rules: TaskRules = taskRules();
  for (const doc of DOCS) {
    expect(other.checkTask(inContext(doc)), JSON.stringify(doc)).to.equal(checkTask(doc));
    expect(here(other.readTask(inContext(doc))), JSON.stringify(doc)).to.deep.equal(here(rules.readTask(doc)));
    expect(other.windowMs(inContext(doc)), JSON.stringify(doc)).to.equal(rules.windowMs(doc));
    expect(here(other.retentionKey(inContext(doc))), JSON.stringify(doc)).to.deep.equal(rules.retentionKey(doc));
  }
  for (const date of DATES) {
    const label = String(JSON.stringify(date));
    expect(other.dateProblem(inContext(date)), label).to.equal(rules.dateProblem(date));
    expect(other.dateMs(inContext(date)), label).to.equal(rules.dateMs(date));
    expect(here(other.readDate(inContext(date))), label).to.deep.equal(rules.readDate(date));
  }
  for (const repeat of REPEATS) {
    const label = String(JSON.stringify(repeat));
    expect(other.repeatProblem(inContext(repeat)), label).to.equal(rules.repeatProblem(repeat));
    expect(here(other.repeatAmounts(inContext(repeat))), label).to.deep.equal(rules.repeatAmounts(repeat));
  }
  for (const pattern of CRONS) {
    expect(other.cronProblem(inContext(pattern)), String(JSON.stringify(pattern))).to.equal(rules.cronProblem(pattern));
  }
  for (const tz of ['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'Europe/', '', 'a b', 5, null]) {
    expect(other.tzProblem(inContext(tz)), String(tz)).to.equal(rules.tzProblem(tz));
  }
  for (const delay of DELAYS) {
    expect(other.durationMs(inContext(delay)), String(JSON.stringify(delay))).to.equal(rules.durationMs(delay));
    expect(other.ttlProblem(inContext(delay)), String(JSON.stringify(delay))).to.equal(rules.ttlProblem(delay));
  }
  for (const retry of RETRIES) {
    const label = String(JSON.stringify(retry));
    expect(other.retryProblem(inContext(retry)), label).to.equal(rules.retryProblem(retry));
    expect(here(other.retrySettings(inContext(retry))), label).to.deep.equal(rules.retrySettings(retry));
  }
}

describe('the task rules as installed in CouchDB', () => {
  it('parse as ES5, each part and the whole source', () => {
    for (const [name, source] of SOURCES) {
      expect(() => parse(source, { ecmaVersion: 5 }), name).not.to.throw();
    }
  });

  it('use no library call newer than ES5', () => {
    const newer = /\.(includes|startsWith|endsWith|padStart|padEnd|repeat|find|findIndex|fill|entries|values|assign|hasOwn|isInteger|isSafeInteger|isFinite|isNaN|from|of)\s*\(|\b(Map|Set|WeakMap|Symbol|Promise|Reflect|Proxy)\b/;
    for (const [name, source] of SOURCES) {
      expect(source, name).not.to.match(newer);
    }
  });

  it('use no name they do not declare or receive, but ES5\'s own', () => {
    for (const [name, source] of SOURCES) {
      expect(freeNames(source), name).to.deep.equal([]);
    }
    // The check sees a name from outside.
    expect(freeNames('(function (a) { var b = a.quote; return quote(b) + c.d; })')).to.deep.equal(['c', 'quote']);
  });

  it('give what the worker\'s rules give, each part run in an empty context and given the ones before it', () => {
    const [values, dates, durations, crons, repeats, taskLevel, jobs, compose] = SOURCES.slice(0, PARTS.length)
      .map(([, source]) => isolated<never>(source));
    expectSameRules((compose as typeof composeRules)(values, dates, durations, crons, repeats, taskLevel, jobs));
  });

  it('give what the worker\'s rules give, the whole source run in an empty context', () => {
    expectSameRules(isolated<() => TaskRules>(`(${taskRulesSource})`)());
  });

  it('are the same functions the worker runs', () => {
    for (const [name, part] of PARTS) {
      expect(taskRulesSource, name).to.include(part.toString());
    }
  });
});

describe('the design document built from the task rules', () => {
  const doc = designDoc({ validateOnWrite: true });
  const functions: Array<[string, string]> = [
    ['validate_doc_update', doc.validate_doc_update as string],
    ...Object.entries(doc.views).map(([name, view]): [string, string] => [`${name} map`, view.map]),
  ];

  it('has validate_doc_update only when asked for, and the same views either way', () => {
    const plain = designDoc({ validateOnWrite: false });
    expect(plain).to.not.have.property('validate_doc_update');
    expect(plain.after_validate_on_write).to.equal(false);
    expect(plain.views).to.deep.equal(doc.views);
    expect(plain.after_version).to.not.equal(doc.after_version);
  });

  it('has only ES5 functions', () => {
    for (const [name, text] of functions) {
      expect(() => parse(`(${text})`, { ecmaVersion: 5 }), name).not.to.throw();
    }
  });

  it('validates in an empty context: forbidden with checkTask\'s message, or nothing', () => {
    const validate = vm.runInNewContext(`(${doc.validate_doc_update})`, Object.create(null)) as
      (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void;
    const run = (newDoc: unknown) => (): void => validate(inContext(newDoc), null, inContext({ name: null, roles: [] }), inContext({}));
    expect(run({ worker: 'w', date: 1357984800000, job: 'j' })).not.to.throw();
    expect(run({ worker: 'w', date: 'tomorrow-ish', job: 'j' })).to.throw().that.deep.equals({
      forbidden: "date 'tomorrow-ish' is not ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds",
    });
    expect(run({ worker: 'w', date: 1357984800000, job: 'j', repeat: { foo: 3 } })).to.throw().that.has.property('forbidden')
      .that.matches(/^repeat \{"foo":3\} has unknown key 'foo'/);
    expect(run({ worker: 'w', date: 1357984800000, job: 'j', repeat: { cron: '0 9 * * 8' } })).to.throw().that.has.property('forbidden')
      .that.matches(/^repeat\.cron '0 9 \* \* 8' has day-of-week '8'; use 0 to 7/);
    expect(run({ worker: 'w', date: 1357984800000, job: 'j', tz: 'Europe/Paris', repeat: { cron: '0 9 * * 1-5', limit: 5 } })).not.to.throw();
    expect(run({ worker: 'w', date: 1357984800000, job: 'j', retry: { limit: -1 } })).to.throw().that.deep.equals({
      forbidden: 'retry.limit -1 is not a number of retries; use a whole number >= 0',
    });
    // Marked `error` by a worker, or deleted: let through unchecked.
    expect(run({ worker: 'w', date: 'tomorrow-ish', job: 'j', status: 'error' })).not.to.throw();
    expect(run({ _id: 't', _deleted: true })).not.to.throw();
    // A worker process's heartbeat is no task.
    expect(run({ _id: 'after-process:w:host/1/ab', after_process: { worker: 'w', id: 'host/1/ab', until: '2030-01-01T00:00:00Z' } })).not.to.throw();
    expect(run({ _id: 'not-a-heartbeat', after_process: { worker: 'w' } })).to.throw().that.has.property('forbidden');
  });

  it('maps in an empty context with only emit', () => {
    const keys = (view: string, task: unknown): unknown[] => {
      const emitted: unknown[] = [];
      const context = Object.assign(Object.create(null) as object, {
        emit: (key: unknown, value: unknown) => emitted.push(here([key, value])),
      });
      const map = vm.runInNewContext(`(${doc.views[view].map})`, context) as (doc: unknown) => void;
      map(inContext(task));
      return emitted;
    };
    const view = VIEWS.workerKeys;
    expect(keys(view, { _id: 'a', worker: 'w', date: '2013-01-12T10:00:00+02:00', job: 'j' }))
      .to.deep.equal([[['open', 'w', Date.UTC(2013, 0, 12, 8), 'a'], null]]);
    expect(keys(view, { _id: 'b', worker: 'w', date: '2013-01-12T10:00', job: 'j', status: 'scheduled' }))
      .to.deep.equal([[['open', 'w', Date.UTC(2013, 0, 12, 10), 'b'], null]]);
    expect(keys(view, { _id: 'c', worker: 'w', date: 1357984800000, job: 'j', status: 'running' }))
      .to.deep.equal([[['open', 'w', 1357984800000, 'c'], null]]);
    expect(keys(view, { _id: 'd', worker: 'w', date: '2013-02-29', job: 'j' })).to.deep.equal([[['open', 'w', null, 'd'], null]]);
    expect(keys(view, { date: 1357984800000, job: 'j' })).to.deep.equal([]);

    expect(keys(view, { worker: 'w', date: 1357984800000, job: 'j', status: 'done', finished_at: '2013-01-12T08:00:00Z', ttl: 'PT1M' }))
      .to.deep.equal([[['expiry', 'w', 'ttl', Date.UTC(2013, 0, 12, 8, 1)], null]]);
    expect(keys(view, { worker: 'w', date: 1357984800000, job: 'j', status: 'canceled', ended_at: '2013-01-12T08:00:00Z' }))
      .to.deep.equal([[['expiry', 'w', 'default', Date.UTC(2013, 0, 12, 8)], null]]);
    expect(keys(view, { worker: 'w', date: 1357984800000, job: 'j', status: 'error', ttl: 1000 })).to.deep.equal([[['expiry', 'w', 'ttl', null], null]]);
    expect(keys(view, { worker: 'w', date: 1357984800000, job: 'j', status: 'done', ttl: 0 })).to.deep.equal([]);
    expect(keys(view, { worker: 'w', date: 1357984800000, job: 'j', status: 'running', ttl: 1000 }).map((row) => (row as unknown[][])[0][0])).to.deep.equal(['open']);

    const leases = VIEWS.runningByLease;
    const running = { worker: 'w', date: 1357984800000, job: 'j', status: 'running' };
    expect(keys(leases, { ...running, lease: { by: 'p', until: '2013-01-12T09:00:30.250Z' } })).to.deep.equal([[['w', Date.UTC(2013, 0, 12, 9, 0, 30, 250)], null]]);
    for (const lease of [undefined, null, [], 'x', { until: 'soon' }, { until: '2013-01-12T09:00:30' }, { until: 1357984830000 }]) {
      expect(keys(leases, { ...running, lease }), JSON.stringify(lease)).to.deep.equal([[['w', null], null]]);
    }
    expect(keys(leases, { ...running, status: 'scheduled', lease: { until: '2013-01-12T09:00:30Z' } })).to.deep.equal([]);

    expect(keys(VIEWS.byWorkerStatus, { worker: 'w', date: 1357984800000, job: 'j' })).to.deep.equal([[['w', 'waiting'], null]]);
    expect(keys(VIEWS.byWorkerStatus, { worker: 'w', date: 1357984800000, job: 'j', status: 'done' })).to.deep.equal([[['w', 'done'], null]]);
  });
});
