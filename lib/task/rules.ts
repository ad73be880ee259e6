// The rules of a well-formed task document: the one place they are written
// (docs/ARCHITECTURE.md, "The task document and its lifecycle").
//
// taskRules' source text is installed in CouchDB (validate_doc_update and the view maps of
// lib/db/design-doc.ts build on `taskRules.toString()` of the compiled JS), so the function
// must stand alone: no imports, nothing outside its body, and ES5 only (var, function, no
// arrow functions, template strings, let/const, shorthand properties or ES2015+ library
// calls). test/task/rules-es5.test.ts parses it as ES5 and runs it in an empty context.
// The worker uses the same rules through the exports below; date.ts and repeat.ts wrap them.

/** Amounts per unit of a repeat, summed when a unit is named twice ({"d": 1, "days": 2} is 3 days). */
export interface RepeatAmounts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  milliseconds: number;
}

/** A task's `retry`, read: the defaults filled in and every delay in milliseconds. */
export interface RetrySettings {
  /** How many retries after the first failed run. */
  limit: number;
  /** The first delay. */
  intervalMs: number;
  backoff: 'fixed' | 'exponential';
  /** The longest delay, or null for no cap. */
  maxMs: number | null;
}

/** A date as the rules read it: why it is no task date (null when it is one), or its epoch ms. */
export interface DateReading {
  problem: string | null;
  ms: number | null;
}

/** A task document as the rules read it, each part once (lib/task/task.ts builds a Task on it). */
export interface TaskReading {
  /** What checkTask says of the document, design documents and deletions read like any other. */
  problem: string | null;
  date: DateReading;
  /** Why `repeat` is no repeat, or null when it is one or there is none. */
  repeatProblem: string | null;
  /** The repeat's amounts; null when there is no repeat or a wrong one. */
  repeat: RepeatAmounts | null;
  /** `retry` with its defaults filled in; null when there is no retry or a wrong one. */
  retry: RetrySettings | null;
}

export interface TaskRules {
  /**
   * Null when `doc` is a well-formed task document; otherwise one line saying what is wrong
   * and what is accepted. Design documents, local documents and deletions always pass.
   */
  checkTask(doc: unknown): string | null;
  /** Every part of a task document read once: checkTask's problem, and the date, repeat and retry as read. */
  readTask(doc: unknown): TaskReading;
  /** A task date read once: dateProblem and dateMs together. */
  readDate(value: unknown): DateReading;
  /** Why `value` is not a task date (undefined: the date is missing), or null when it is one. */
  dateProblem(value: unknown): string | null;
  /** A task date as epoch ms, UTC unless an offset is written; null when dateProblem refuses it. */
  dateMs(value: unknown): number | null;
  /** Why `value` is not a repeat (undefined is not one either), or null when it is one. */
  repeatProblem(value: unknown): string | null;
  /** A repeat's amounts per unit, from an object or an ISO 8601 duration; null when repeatProblem refuses it. */
  repeatAmounts(value: unknown): RepeatAmounts | null;
  /**
   * Milliseconds of a delay: a number > 0 as it is, or a duration written as a repeat is.
   * A calendar month counts as the Gregorian average (30.436875 days) and a day as 24 hours:
   * a delay is a length of time, not a place on the calendar. Null for anything else.
   */
  durationMs(value: unknown): number | null;
  /** Why `value` is not a retry policy (undefined is not one either), or null when it is one. */
  retryProblem(value: unknown): string | null;
  /** A retry policy with its defaults filled in; null when retryProblem refuses it. */
  retrySettings(value: unknown): RetrySettings | null;
}

export function taskRules(): TaskRules {
  var DATE_ACCEPTED = 'ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds';
  var JOB_ACCEPTED = 'a job name such as "generate_billing", or {"name": "generate_billing", "arguments": [...]}';
  var REPEAT_KEYS = 'years months weeks days hours minutes seconds milliseconds (or y M w d h m s ms)';
  var DELAY_ACCEPTED = 'a number of milliseconds > 0, a duration object such as {"seconds": 30}, ' +
    'or an ISO 8601 duration such as PT30S';
  var RETRY_EXAMPLE = '{"limit": 3, "interval": "PT30S", "backoff": "exponential", "max": "PT10M"}';
  var RETRY_KEYS = ['limit', 'interval', 'backoff', 'max'];
  var DEFAULT_RETRY_INTERVAL_MS = 1000;
  var STATUSES = ['waiting', 'scheduled', 'running', 'done', 'error', 'reschedule', 'cancel', 'canceled'];
  var MAX_JOB_NAME = 200;
  // The largest time a JavaScript Date holds.
  var MAX_EPOCH_MS = 8640000000000000;
  // Epoch milliseconds before this (1973-03-03) are epoch seconds written by mistake, as often as
  // not (1e11 seconds is the year 5138): refused, as no task is meant for the early 1970s.
  var MIN_EPOCH_MS = 100000000000;
  // 9999-12-31T23:59:59.999Z: the last time an ISO 8601 date holds, for numbers as for strings.
  var MAX_ISO_MS = 253402300799999;
  var DAY_MS = 86400000;
  // The longest delay Node's setTimeout keeps (2^31 - 1 ms); a longer one fires at once.
  var MAX_TIMEOUT_MS = 2147483647;
  // Over the Gregorian 400-year cycle a month is 146097 / 4800 days on average.
  var AVERAGE_MONTH_MS = 146097 / 4800 * DAY_MS;
  // Stricter than moment.ISO_8601, which also takes week dates, ordinal dates, a space for T,
  // hours alone, 24:00 and offsets without minutes.
  var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/;
  var ISO_AMOUNT = '(\\d+(?:[.,]\\d+)?)';
  var ISO_DURATION = new RegExp('^P(?:' + ISO_AMOUNT + 'Y)?(?:' + ISO_AMOUNT + 'M)?(?:' + ISO_AMOUNT + 'W)?(?:' +
    ISO_AMOUNT + 'D)?(?:T(?:' + ISO_AMOUNT + 'H)?(?:' + ISO_AMOUNT + 'M)?(?:' + ISO_AMOUNT + 'S)?)?$');
  var ISO_UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'];
  // Only these: moment also takes singulars, quarters and more, and reads `D` as something else.
  var UNIT_OF_KEY: { [key: string]: string } = {
    years: 'years', y: 'years', months: 'months', M: 'months', weeks: 'weeks', w: 'weeks',
    days: 'days', d: 'days', hours: 'hours', h: 'hours', minutes: 'minutes', m: 'minutes',
    seconds: 'seconds', s: 'seconds', milliseconds: 'milliseconds', ms: 'milliseconds'
  };

  function hasOwn(object: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function isPlainObject(value: unknown): value is { [key: string]: unknown } {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  // A value as it appears in a message: strings in single quotes, the rest as JSON, on one line.
  function quote(value: unknown): string {
    var text: string | undefined;
    if (typeof value === 'string') {
      text = JSON.stringify(value);
      text = "'" + text.substring(1, text.length - 1) + "'";
    } else if (typeof value === 'number' || value === undefined) {
      text = String(value);
    } else {
      try {
        text = JSON.stringify(value);
      } catch (err) {
        text = String(value);
      }
      if (text === undefined) text = String(value);
    }
    return text.length > 60 ? text.substring(0, 57) + '...' : text;
  }

  function daysInMonth(year: number, month: number): number {
    if (month === 2) {
      var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      return leap ? 29 : 28;
    }
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  }

  // Dates: the problem, or the time in epoch ms, from one reading of the value.
  function readDate(date: unknown): DateReading {
    function refuse(problem: string) {
      return { problem: problem, ms: null };
    }
    if (date === undefined) return refuse('date is required: ' + DATE_ACCEPTED);
    var notDate = 'date ' + quote(date) + ' is not ' + DATE_ACCEPTED;
    if (typeof date === 'number') {
      var whole = isFinite(date) && Math.floor(date) === date && date >= 0 && date <= MAX_EPOCH_MS;
      if (!whole) return refuse(notDate);
      if (date < MIN_EPOCH_MS) {
        var asSeconds = date >= MIN_EPOCH_MS / 1000 ? '; it looks like epoch seconds (' + new Date(date * 1000).toISOString() +
          '): After takes epoch milliseconds, ' + date * 1000 : '';
        return refuse('date ' + date + ' is before ' + new Date(MIN_EPOCH_MS).toISOString() + ' as epoch milliseconds' + asSeconds);
      }
      if (date > MAX_ISO_MS) {
        return refuse('date ' + date + ' is after 9999-12-31T23:59:59.999Z, the last time an ISO 8601 task date can hold');
      }
      return { problem: null, ms: date };
    }
    if (typeof date !== 'string') return refuse(notDate);
    var parts = ISO_DATE.exec(date);
    if (!parts) return refuse(notDate);
    var year = Number(parts[1]);
    var month = Number(parts[2]);
    var day = Number(parts[3]);
    var hour = parts[4] === undefined ? 0 : Number(parts[4]);
    var minute = parts[5] === undefined ? 0 : Number(parts[5]);
    var second = parts[6] === undefined ? 0 : Number(parts[6]);
    // Milliseconds; finer fractions are dropped.
    var millisecond = parts[7] === undefined ? 0 : Number((parts[7] + '00').substring(0, 3));
    var said = 'date ' + quote(date) + ' has ';
    if (month < 1 || month > 12) return refuse(said + 'month ' + parts[2] + '; use 01 to 12');
    var lastDay = daysInMonth(year, month);
    if (day < 1 || day > lastDay) {
      return refuse(said + 'day ' + parts[3] + '; ' + parts[1] + '-' + parts[2] + ' has days 01 to ' + lastDay);
    }
    if (hour > 23) return refuse(said + 'hour ' + parts[4] + '; use 00 to 23');
    if (minute > 59) return refuse(said + 'minute ' + parts[5] + '; use 00 to 59');
    if (second > 59) return refuse(said + 'second ' + parts[6] + '; use 00 to 59');
    var offsetMinutes = 0;
    if (parts[8] !== undefined) {
      offsetMinutes = (parts[8] === '-' ? -1 : 1) * (Number(parts[9]) * 60 + Number(parts[10]));
      if (Number(parts[10]) > 59 || offsetMinutes < -720 || offsetMinutes > 840) {
        return refuse(said + 'offset ' + parts[8] + parts[9] + ':' + parts[10] + '; use -12:00 to +14:00');
      }
    }
    // Not Date.UTC or Date.parse: Date.UTC reads years 0 to 99 as 1900 to 1999, and engines
    // disagree on whether Date.parse reads a string without offset as UTC or local time.
    var time = new Date(0);
    time.setUTCFullYear(year, month - 1, day);
    time.setUTCHours(hour, minute, second, millisecond);
    return { problem: null, ms: time.getTime() - offsetMinutes * 60000 };
  }

  // Durations (a repeat, a retry delay): the problem, or the amounts per unit, from one reading
  // of the value. `label` names the field in messages.
  function emptyAmounts(): RepeatAmounts {
    return { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, milliseconds: 0 };
  }

  function amountProblem(label: string, duration: unknown, key: string, unit: string, amount: unknown): string | null {
    if (typeof amount !== 'number' || !isFinite(amount) || amount < 0) {
      return label + ' ' + quote(duration) + ' has ' + key + ' ' + quote(amount) + '; use a number >= 0';
    }
    var calendar = unit === 'years' || unit === 'months' || unit === 'weeks' || unit === 'days';
    // moment rounds calendar amounts to whole numbers when adding them: refuse rather than round.
    if (calendar && Math.floor(amount) !== amount) {
      return label + ' ' + quote(duration) + ' has ' + key + ' ' + amount +
        '; years, months, weeks and days must be whole numbers (use hours for parts of a day)';
    }
    return null;
  }

  // The sum in moment's order, so that the rules and moment agree on where 1 millisecond is.
  function fixedMs(amounts: RepeatAmounts): number {
    return amounts.milliseconds + amounts.seconds * 1e3 + amounts.minutes * 6e4 + amounts.hours * 1000 * 60 * 60;
  }

  function lengthProblem(label: string, duration: unknown, amounts: RepeatAmounts): string | null {
    var calendar = amounts.years + amounts.months + amounts.weeks + amounts.days;
    if (calendar === 0 && !(fixedMs(amounts) >= 1)) {
      return label + ' ' + quote(duration) + ' must be longer than zero (at least 1 millisecond)';
    }
    return null;
  }

  function readIsoDuration(label: string, duration: string): { problem: string | null; amounts: RepeatAmounts | null } {
    var parts = ISO_DURATION.exec(duration);
    // "P" and "PT" name nothing; "P1DT" has a T with nothing after it.
    if (!parts || duration === 'P' || duration.charAt(duration.length - 1) === 'T') {
      return {
        problem: label + ' ' + quote(duration) + ' is not an ISO 8601 duration such as P1M7D, PT30S, P1W or P1Y2M3DT4H5M6.5S' +
          ' (no sign, fractions only in hours, minutes and seconds)',
        amounts: null
      };
    }
    var amounts = emptyAmounts();
    for (var i = 0; i < ISO_UNITS.length; i++) {
      if (parts[i + 1] === undefined) continue;
      var unit = ISO_UNITS[i] as keyof RepeatAmounts;
      var value = Number(parts[i + 1].replace(',', '.'));
      var problem = amountProblem(label, duration, unit, unit, value);
      if (problem) return { problem: problem, amounts: null };
      amounts[unit] = value;
    }
    return { problem: null, amounts: amounts };
  }

  function readObjectDuration(label: string, duration: unknown): { problem: string | null; amounts: RepeatAmounts | null } {
    if (!isPlainObject(duration)) {
      return {
        problem: label + ' ' + quote(duration) + ' is not a duration; use an object such as {"days": 7} with the keys ' +
          REPEAT_KEYS + ', or an ISO 8601 duration such as P1M7D',
        amounts: null
      };
    }
    var amounts = emptyAmounts();
    for (var key in duration) {
      if (!hasOwn(duration, key)) continue;
      if (!hasOwn(UNIT_OF_KEY, key)) {
        return {
          problem: label + ' ' + quote(duration) + ' has unknown key ' + quote(key) + '; use ' + REPEAT_KEYS +
            ', or an ISO 8601 duration such as P1M7D',
          amounts: null
        };
      }
      var unit = UNIT_OF_KEY[key] as keyof RepeatAmounts;
      var problem = amountProblem(label, duration, key, unit, duration[key]);
      if (problem) return { problem: problem, amounts: null };
      // A unit named twice counts twice; moment would keep only one.
      amounts[unit] += duration[key] as number;
    }
    return { problem: null, amounts: amounts };
  }

  // `tooShort` says why the amounts are too short a duration for what `label` is, or null.
  function readDuration(label: string, duration: unknown,
    tooShort: (label: string, duration: unknown, amounts: RepeatAmounts) => string | null): { problem: string | null; amounts: RepeatAmounts | null } {
    var read = typeof duration === 'string' ? readIsoDuration(label, duration) : readObjectDuration(label, duration);
    if (read.amounts === null) return read;
    var problem = tooShort(label, duration, read.amounts);
    return problem ? { problem: problem, amounts: null } : read;
  }

  // A repeat of less than a second would run back to back: tasks run to the second.
  function repeatLengthProblem(label: string, duration: unknown, amounts: RepeatAmounts): string | null {
    if (amounts.years + amounts.months + amounts.weeks + amounts.days > 0 || fixedMs(amounts) >= 1000) return null;
    return label + ' ' + quote(duration) + ' is shorter than a second; tasks run to the second: use at least {"seconds": 1} or PT1S';
  }

  function readRepeat(repeat: unknown): { problem: string | null; amounts: RepeatAmounts | null } {
    return readDuration('repeat', repeat, repeatLengthProblem);
  }

  // Delays (retry.interval, retry.max): the problem, or milliseconds, from one reading of the value.
  function readDelay(label: string, delay: unknown): { problem: string | null; ms: number | null } {
    var notDelay = { problem: label + ' ' + quote(delay) + ' is not a delay; use ' + DELAY_ACCEPTED, ms: null };
    if (typeof delay === 'number') return isFinite(delay) && delay > 0 ? { problem: null, ms: delay } : notDelay;
    if (typeof delay !== 'string' && !isPlainObject(delay)) return notDelay;
    var read = readDuration(label, delay, lengthProblem);
    if (read.amounts === null) return { problem: read.problem, ms: null };
    var amounts = read.amounts;
    var ms = (amounts.years * 12 + amounts.months) * AVERAGE_MONTH_MS + (amounts.weeks * 7 + amounts.days) * DAY_MS +
      fixedMs(amounts);
    return { problem: null, ms: ms };
  }

  // Retries and limits.
  function wholeNumberProblem(label: string, value: unknown, least: number, what: string): string | null {
    var whole = typeof value === 'number' && isFinite(value) && Math.floor(value) === value && value >= least;
    return whole ? null : label + ' ' + quote(value) + ' is not ' + what + '; use a whole number >= ' + least;
  }

  function readRetry(retry: unknown): { problem: string | null; settings: RetrySettings | null } {
    function refuse(problem: string) {
      return { problem: problem, settings: null };
    }
    if (!isPlainObject(retry)) {
      return refuse('retry ' + quote(retry) + ' is not a retry policy; use an object such as ' + RETRY_EXAMPLE);
    }
    for (var key in retry) {
      if (hasOwn(retry, key) && RETRY_KEYS.indexOf(key) === -1) {
        return refuse('retry ' + quote(retry) + ' has unknown key ' + quote(key) +
          '; use limit, interval, backoff and max, as in ' + RETRY_EXAMPLE);
      }
    }
    if (retry.limit === undefined) {
      return refuse('retry.limit is required: how many times to retry a failed run, a whole number >= 0, as in ' + RETRY_EXAMPLE);
    }
    var problem = wholeNumberProblem('retry.limit', retry.limit, 0, 'a number of retries');
    if (problem) return refuse(problem);
    var interval = retry.interval === undefined ?
      { problem: null, ms: DEFAULT_RETRY_INTERVAL_MS } : readDelay('retry.interval', retry.interval);
    if (interval.problem) return refuse(interval.problem);
    var backoff = retry.backoff === undefined ? 'fixed' : retry.backoff;
    if (backoff !== 'fixed' && backoff !== 'exponential') {
      return refuse('retry.backoff ' + quote(backoff) + ' is not a backoff; use "fixed" or "exponential"');
    }
    var max = retry.max === undefined ? { problem: null, ms: null } : readDelay('retry.max', retry.max);
    if (max.problem) return refuse(max.problem);
    return {
      problem: null,
      settings: { limit: retry.limit as number, intervalMs: interval.ms as number, backoff: backoff, maxMs: max.ms }
    };
  }

  // The limits after `retry`, which readTask reads on its own.
  function limitsProblem(doc: { [key: string]: unknown }): string | null {
    if (doc.max_attempts !== undefined) {
      var attempts = wholeNumberProblem('max_attempts', doc.max_attempts, 1, 'a number of attempts');
      if (attempts) return attempts;
    }
    if (doc.max_fails !== undefined) {
      var fails = wholeNumberProblem('max_fails', doc.max_fails, 1, 'a number of failures');
      if (fails) return fails;
    }
    var timeout = doc.timeout;
    if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && timeout <= MAX_TIMEOUT_MS)) {
      return 'timeout ' + quote(timeout) + ' is not a time-out; use a number of milliseconds > 0, at most ' +
        MAX_TIMEOUT_MS + ' (24.8 days)';
    }
    var priority = doc.priority;
    if (priority !== undefined && !(typeof priority === 'number' && isFinite(priority) && Math.floor(priority) === priority)) {
      return 'priority ' + quote(priority) + ' is not a priority; use a whole number (higher starts first among tasks due together; default 0)';
    }
    return null;
  }

  // The rest of a task document.
  function workerProblem(worker: unknown): string | null {
    if (worker === undefined) return 'worker is required: the name of the worker that runs the task, such as "billing"';
    if (typeof worker !== 'string' || worker === '') {
      return 'worker ' + quote(worker) + ' is not a worker name; use a non-empty string such as "billing"';
    }
    return null;
  }

  function jobNameProblem(name: unknown, label: string): string | null {
    if (typeof name !== 'string' || name === '') {
      return label + ' ' + quote(name) + ' is not a job name; use a non-empty string such as "generate_billing"';
    }
    if (name.length > MAX_JOB_NAME) {
      return label + ' ' + quote(name) + ' is ' + name.length + ' characters long; use at most ' + MAX_JOB_NAME;
    }
    return null;
  }

  function jobProblem(job: unknown): string | null {
    if (job === undefined) return 'job is required: ' + JOB_ACCEPTED;
    if (typeof job === 'string') return jobNameProblem(job, 'job');
    if (!isPlainObject(job)) return 'job ' + quote(job) + ' is not ' + JOB_ACCEPTED;
    if (job.name === undefined) return 'job ' + quote(job) + ' has no name; use ' + JOB_ACCEPTED;
    return jobNameProblem(job.name, 'job name');
  }

  function statusProblem(status: unknown): string | null {
    if (status === undefined) return null;
    for (var i = 0; i < STATUSES.length; i++) {
      if (status === STATUSES[i]) return null;
    }
    var last = STATUSES.length - 1;
    return 'status ' + quote(status) + ' is not a status; use ' + STATUSES.slice(0, last).join(', ') + ' or ' + STATUSES[last];
  }

  // Every part is read, whatever breaks a rule first: a part read is never read again.
  function readTask(doc: unknown): TaskReading {
    var fields: { [key: string]: unknown } = isPlainObject(doc) ? doc : {};
    var date = readDate(fields.date);
    var repeat = fields.repeat === undefined ? { problem: null, amounts: null } : readRepeat(fields.repeat);
    var retry = fields.retry === undefined ? { problem: null, settings: null } : readRetry(fields.retry);
    var problem = !isPlainObject(doc) ?
      'a task must be a JSON object such as {"worker": "billing", "date": "2013-01-12T10:00:00Z", "job": "generate_billing"}' :
      workerProblem(fields.worker) || date.problem || jobProblem(fields.job) || statusProblem(fields.status) ||
      repeat.problem || retry.problem || limitsProblem(fields);
    return { problem: problem, date: date, repeatProblem: repeat.problem, repeat: repeat.amounts, retry: retry.settings };
  }

  function checkTask(doc: unknown): string | null {
    if (isPlainObject(doc)) {
      if (typeof doc._id === 'string' && (doc._id.indexOf('_design/') === 0 || doc._id.indexOf('_local/') === 0)) return null;
      if (doc._deleted === true) return null;
    }
    return readTask(doc).problem;
  }

  return {
    checkTask: checkTask,
    readTask: readTask,
    readDate: readDate,
    dateProblem: function (value: unknown) { return readDate(value).problem; },
    dateMs: function (value: unknown) { return readDate(value).ms; },
    repeatProblem: function (value: unknown) { return readRepeat(value).problem; },
    repeatAmounts: function (value: unknown) { return readRepeat(value).amounts; },
    durationMs: function (value: unknown) { return readDelay('duration', value).ms; },
    retryProblem: function (value: unknown) { return readRetry(value).problem; },
    retrySettings: function (value: unknown) { return readRetry(value).settings; }
  };
}

const rules = taskRules();

export const checkTask = rules.checkTask;
export const readTaskFields = rules.readTask;
export const readDate = rules.readDate;
export const dateProblem = rules.dateProblem;
export const taskDateMs = rules.dateMs;
export const repeatProblem = rules.repeatProblem;
export const repeatAmounts = rules.repeatAmounts;
export const durationMs = rules.durationMs;
export const retryProblem = rules.retryProblem;
export const retrySettings = rules.retrySettings;
