// The rules of a well-formed task document (DESIGN.md §2), in one function.
//
// Its source text is installed in CouchDB's validate_doc_update (`checkTask.toString()` of the
// compiled JS), so the function must stand alone: no imports, nothing outside its body, and
// ES5 only (var, function, no arrow functions, template strings, let/const or ES2015+ library
// calls). test/task/check-task-es5.test.ts parses it as ES5 and runs it in an empty context.
// date.ts and repeat.ts hold the same rules for the worker, with the same messages.

/**
 * Null when `doc` is a well-formed task document; otherwise one line saying what is wrong
 * and what is accepted. Design documents, local documents and deletions always pass.
 */
export function checkTask(doc: unknown): string | null {
  var DATE_ACCEPTED = 'ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds';
  var JOB_ACCEPTED = 'a job name such as "generate_billing", or {"name": "generate_billing", "arguments": [...]}';
  var REPEAT_KEYS = 'years months weeks days hours minutes seconds milliseconds (or y M w d h m s ms)';
  var STATUSES = ['waiting', 'scheduled', 'running', 'done', 'error', 'reschedule', 'cancel', 'canceled'];
  var MAX_JOB_NAME = 200;
  // The largest time a JavaScript Date holds.
  var MAX_EPOCH_MS = 8640000000000000;

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

  function twoDigits(value: number): string {
    return value < 10 ? '0' + value : String(value);
  }

  function daysInMonth(year: number, month: number): number {
    if (month === 2) {
      var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      return leap ? 29 : 28;
    }
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  }

  function checkWorker(worker: unknown): string | null {
    if (worker === undefined) return 'worker is required: the name of the worker that runs the task, such as "billing"';
    if (typeof worker !== 'string' || worker === '') {
      return 'worker ' + quote(worker) + ' is not a worker name; use a non-empty string such as "billing"';
    }
    return null;
  }

  function checkDate(date: unknown): string | null {
    if (date === undefined) return 'date is required: ' + DATE_ACCEPTED;
    var notDate = 'date ' + quote(date) + ' is not ' + DATE_ACCEPTED;
    if (typeof date === 'number') {
      return isFinite(date) && Math.floor(date) === date && date >= 0 && date <= MAX_EPOCH_MS ? null : notDate;
    }
    if (typeof date !== 'string') return notDate;
    var parts = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/.exec(date);
    if (!parts) return notDate;
    var year = Number(parts[1]);
    var month = Number(parts[2]);
    var day = Number(parts[3]);
    var said = 'date ' + quote(date) + ' has ';
    if (month < 1 || month > 12) return said + 'month ' + parts[2] + '; use 01 to 12';
    var lastDay = daysInMonth(year, month);
    if (day < 1 || day > lastDay) {
      return said + 'day ' + parts[3] + '; ' + parts[1] + '-' + parts[2] + ' has days 01 to ' + lastDay;
    }
    if (parts[4] === undefined) return null;
    if (Number(parts[4]) > 23) return said + 'hour ' + parts[4] + '; use 00 to 23';
    if (Number(parts[5]) > 59) return said + 'minute ' + parts[5] + '; use 00 to 59';
    if (parts[6] !== undefined && Number(parts[6]) > 59) return said + 'second ' + parts[6] + '; use 00 to 59';
    if (parts[7] !== undefined) {
      var offsetMinutes = Number(parts[8]) * 60 + Number(parts[9]);
      var signed = parts[7] === '-' ? -offsetMinutes : offsetMinutes;
      if (Number(parts[9]) > 59 || signed < -720 || signed > 840) {
        return said + 'offset ' + parts[7] + parts[8] + ':' + parts[9] + '; use -12:00 to +14:00';
      }
    }
    return null;
  }

  function checkJobName(name: unknown, label: string): string | null {
    if (typeof name !== 'string' || name === '') {
      return label + ' ' + quote(name) + ' is not a job name; use a non-empty string such as "generate_billing"';
    }
    if (name.length > MAX_JOB_NAME) {
      return label + ' ' + quote(name) + ' is ' + name.length + ' characters long; use at most ' + MAX_JOB_NAME;
    }
    return null;
  }

  function checkJob(job: unknown): string | null {
    if (job === undefined) return 'job is required: ' + JOB_ACCEPTED;
    if (typeof job === 'string') return checkJobName(job, 'job');
    if (!isPlainObject(job)) return 'job ' + quote(job) + ' is not ' + JOB_ACCEPTED;
    if (job.name === undefined) return 'job ' + quote(job) + ' has no name; use ' + JOB_ACCEPTED;
    return checkJobName(job.name, 'job name');
  }

  function checkStatus(status: unknown): string | null {
    if (status === undefined) return null;
    for (var i = 0; i < STATUSES.length; i++) {
      if (status === STATUSES[i]) return null;
    }
    var last = STATUSES.length - 1;
    return 'status ' + quote(status) + ' is not a status; use ' + STATUSES.slice(0, last).join(', ') + ' or ' + STATUSES[last];
  }

  // Amounts per unit, summed when a unit is named twice ({"d": 1, "days": 2} is 3 days).
  function emptyAmounts(): { [unit: string]: number } {
    return { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, milliseconds: 0 };
  }

  function checkAmount(repeat: unknown, label: string, unit: string, amount: unknown): string | null {
    if (typeof amount !== 'number' || !isFinite(amount) || amount < 0) {
      return 'repeat ' + quote(repeat) + ' has ' + label + ' ' + quote(amount) + '; use a number >= 0';
    }
    var calendar = unit === 'years' || unit === 'months' || unit === 'weeks' || unit === 'days';
    // moment rounds calendar amounts to whole numbers when adding them: refuse rather than round.
    if (calendar && Math.floor(amount) !== amount) {
      return 'repeat ' + quote(repeat) + ' has ' + label + ' ' + amount +
        '; years, months, weeks and days must be whole numbers (use hours for parts of a day)';
    }
    return null;
  }

  function checkLength(repeat: unknown, amounts: { [unit: string]: number }): string | null {
    var calendar = amounts.years + amounts.months + amounts.weeks + amounts.days;
    // The sum in moment's order, so that both agree on where 1 millisecond is.
    var fixed = amounts.milliseconds + amounts.seconds * 1e3 + amounts.minutes * 6e4 + amounts.hours * 1000 * 60 * 60;
    if (calendar === 0 && !(fixed >= 1)) {
      return 'repeat ' + quote(repeat) + ' must be longer than zero (at least 1 millisecond)';
    }
    return null;
  }

  function checkIsoDuration(repeat: string): string | null {
    var amount = '(\\d+(?:[.,]\\d+)?)';
    var pattern = new RegExp('^P(?:' + amount + 'Y)?(?:' + amount + 'M)?(?:' + amount + 'W)?(?:' + amount + 'D)?' +
      '(?:T(?:' + amount + 'H)?(?:' + amount + 'M)?(?:' + amount + 'S)?)?$');
    var parts = pattern.exec(repeat);
    // "P" and "PT" name nothing; "P1DT" has a T with nothing after it.
    if (!parts || repeat === 'P' || repeat.charAt(repeat.length - 1) === 'T') {
      return 'repeat ' + quote(repeat) + ' is not an ISO 8601 duration such as P1M7D, PT30S, P1W or P1Y2M3DT4H5M6.5S' +
        ' (no sign, fractions only in hours, minutes and seconds)';
    }
    var units = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'];
    var amounts = emptyAmounts();
    for (var i = 0; i < units.length; i++) {
      if (parts[i + 1] === undefined) continue;
      var value = Number(parts[i + 1].replace(',', '.'));
      var problem = checkAmount(repeat, units[i], units[i], value);
      if (problem) return problem;
      amounts[units[i]] = value;
    }
    return checkLength(repeat, amounts);
  }

  function checkRepeat(repeat: unknown): string | null {
    if (repeat === undefined) return null;
    if (typeof repeat === 'string') return checkIsoDuration(repeat);
    if (!isPlainObject(repeat)) {
      return 'repeat ' + quote(repeat) + ' is not a duration; use an object such as {"days": 7} with the keys ' +
        REPEAT_KEYS + ', or an ISO 8601 duration such as P1M7D';
    }
    var unitOfKey: { [key: string]: string } = {
      years: 'years', y: 'years', months: 'months', M: 'months', weeks: 'weeks', w: 'weeks',
      days: 'days', d: 'days', hours: 'hours', h: 'hours', minutes: 'minutes', m: 'minutes',
      seconds: 'seconds', s: 'seconds', milliseconds: 'milliseconds', ms: 'milliseconds'
    };
    var amounts = emptyAmounts();
    for (var key in repeat) {
      if (!hasOwn(repeat, key)) continue;
      if (!hasOwn(unitOfKey, key)) {
        return 'repeat ' + quote(repeat) + ' has unknown key ' + quote(key) + '; use ' + REPEAT_KEYS +
          ', or an ISO 8601 duration such as P1M7D';
      }
      var problem = checkAmount(repeat, key, unitOfKey[key], repeat[key]);
      if (problem) return problem;
      amounts[unitOfKey[key]] += repeat[key] as number;
    }
    return checkLength(repeat, amounts);
  }

  if (!isPlainObject(doc)) {
    return 'a task must be a JSON object such as {"worker": "billing", "date": "2013-01-12T10:00:00Z", "job": "generate_billing"}';
  }
  if (typeof doc._id === 'string' && (doc._id.indexOf('_design/') === 0 || doc._id.indexOf('_local/') === 0)) return null;
  if (doc._deleted === true) return null;
  return checkWorker(doc.worker) || checkDate(doc.date) || checkJob(doc.job) || checkStatus(doc.status) ||
    checkRepeat(doc.repeat);
}
