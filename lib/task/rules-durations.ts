// The duration part of the task rules (rules.ts): repeats, delays and retry policies.
// Its source text is installed in CouchDB: ES5 only, and nothing outside its own body but
// the part it receives (valueRules).
import type { DelayReading, DurationReading, DurationRules, RepeatAmounts, RetryReading, ValueRules } from './rules-types';

export function durationRules(values: ValueRules): DurationRules {
  var hasOwn = values.hasOwn;
  var isPlainObject = values.isPlainObject;
  var quote = values.quote;
  var wholeNumberProblem = values.wholeNumberProblem;
  var REPEAT_KEYS = 'years months weeks days hours minutes seconds milliseconds (or y M w d h m s ms)';
  var DELAY_ACCEPTED = 'a number of milliseconds > 0, a duration object such as {"seconds": 30}, ' +
    'or an ISO 8601 duration such as PT30S';
  var RETRY_EXAMPLE = '{"limit": 3, "interval": "PT30S", "backoff": "exponential", "max": "PT10M"}';
  var RETRY_KEYS = ['limit', 'interval', 'backoff', 'max'];
  var DEFAULT_RETRY_INTERVAL_MS = 1000;
  var DAY_MS = 86400000;
  // Over the Gregorian 400-year cycle a month is 146097 / 4800 days on average.
  var AVERAGE_MONTH_MS = 146097 / 4800 * DAY_MS;
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

  function readIsoDuration(label: string, duration: string): DurationReading {
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

  // The keys in `otherKeys` are another part's (a repeat's until and limit); `accepted` is what a
  // message about an unknown key says is accepted.
  function readObjectDuration(label: string, duration: unknown, otherKeys: string[], accepted: string): DurationReading {
    if (!isPlainObject(duration)) {
      return {
        problem: label + ' ' + quote(duration) + ' is not a duration; use an object such as {"days": 7} with the keys ' +
          REPEAT_KEYS + ', or an ISO 8601 duration such as P1M7D',
        amounts: null
      };
    }
    var amounts = emptyAmounts();
    for (var key in duration) {
      if (!hasOwn(duration, key) || otherKeys.indexOf(key) !== -1) continue;
      if (!hasOwn(UNIT_OF_KEY, key)) {
        return { problem: label + ' ' + quote(duration) + ' has unknown key ' + quote(key) + '; use ' + accepted, amounts: null };
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
  function readDuration(label: string, duration: unknown, otherKeys: string[], accepted: string,
    tooShort: (label: string, duration: unknown, amounts: RepeatAmounts) => string | null): DurationReading {
    var read = typeof duration === 'string' ? readIsoDuration(label, duration) :
      readObjectDuration(label, duration, otherKeys, accepted);
    if (read.amounts === null) return read;
    var problem = tooShort(label, duration, read.amounts);
    return problem ? { problem: problem, amounts: null } : read;
  }

  // A repeat of less than a second would run back to back: tasks run to the second.
  function repeatLengthProblem(label: string, duration: unknown, amounts: RepeatAmounts): string | null {
    if (amounts.years + amounts.months + amounts.weeks + amounts.days > 0 || fixedMs(amounts) >= 1000) return null;
    return label + ' ' + quote(duration) + ' is shorter than a second; tasks run to the second: use at least {"seconds": 1} or PT1S';
  }

  function readRepeatDuration(repeat: unknown, otherKeys: string[], accepted: string): DurationReading {
    return readDuration('repeat', repeat, otherKeys, accepted, repeatLengthProblem);
  }

  // Delays (retry.interval, retry.max): the problem, or milliseconds, from one reading of the value.
  function readDelay(label: string, delay: unknown): DelayReading {
    var notDelay = { problem: label + ' ' + quote(delay) + ' is not a delay; use ' + DELAY_ACCEPTED, ms: null };
    if (typeof delay === 'number') return isFinite(delay) && delay > 0 ? { problem: null, ms: delay } : notDelay;
    if (typeof delay !== 'string' && !isPlainObject(delay)) return notDelay;
    var read = readDuration(label, delay, [], REPEAT_KEYS + ', or an ISO 8601 duration such as P1M7D', lengthProblem);
    if (read.amounts === null) return { problem: read.problem, ms: null };
    var amounts = read.amounts;
    var ms = (amounts.years * 12 + amounts.months) * AVERAGE_MONTH_MS + (amounts.weeks * 7 + amounts.days) * DAY_MS +
      fixedMs(amounts);
    return { problem: null, ms: ms };
  }

  // Retry policies.
  function readRetry(retry: unknown): RetryReading {
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

  return { readRepeatDuration: readRepeatDuration, readDelay: readDelay, readRetry: readRetry };
}
