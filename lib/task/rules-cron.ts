// The cron part of the task rules (rules.ts): a cron pattern's fields, checked by their shape
// (docs/ARCHITECTURE.md, "Cron and time zones in ES5"): 5 fields, or 6 with seconds first; in
// each, `*`, numbers or names in range, lists, ranges and steps; a day-of-month that its
// months have. croner reads the pattern again in the worker and in submit (cron-schedule.ts).
// Its source text is installed in CouchDB: ES5 only, and nothing outside its own body but
// the part it receives (valueRules).
import type { CronRules, ValueRules } from './rules-types';

export function cronRules(values: ValueRules): CronRules {
  var quote = values.quote;
  var CRON_ACCEPTED = 'use 5 fields (minute hour day-of-month month day-of-week) such as "0 9 * * 1-5", ' +
    'or 6 with seconds first such as "30 0 9 * * *"';
  var MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
  var WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
  // The longest each month can be (February in a leap year).
  var MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  var FIELDS = [
    { name: 'second', min: 0, max: 59, count: 60, names: null as string[] | null, first: 0, use: '0 to 59' },
    { name: 'minute', min: 0, max: 59, count: 60, names: null, first: 0, use: '0 to 59' },
    { name: 'hour', min: 0, max: 23, count: 24, names: null, first: 0, use: '0 to 23' },
    { name: 'day-of-month', min: 1, max: 31, count: 31, names: null, first: 1, use: '1 to 31, or ?' },
    { name: 'month', min: 1, max: 12, count: 12, names: MONTHS, first: 1, use: '1 to 12 or JAN to DEC' },
    { name: 'day-of-week', min: 0, max: 7, count: 7, names: WEEKDAYS, first: 0, use: '0 to 7 (0 and 7 are Sunday) or SUN to SAT, or ?' }
  ];
  var FORMS = ', in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)';
  // One item of a list: `*`, a value or a range, then a step.
  var ITEM = /^(?:(\*)|([0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?)(?:\/([0-9]+))?$/;

  interface Field {
    name: string;
    min: number;
    max: number;
    count: number;
    names: string[] | null;
    first: number;
    use: string;
  }

  // A value of `field` as a number, or null; a weekday named at the end of a range may be 7 (MON-SUN).
  function numberOf(field: Field, text: string, rangeEnd: boolean): number | null {
    if (/^[0-9]+$/.test(text)) {
      var number = Number(text);
      return number >= field.min && number <= field.max ? number : null;
    }
    if (field.names === null) return null;
    var index = -1;
    for (var i = 0; i < field.names.length; i++) {
      if (field.names[i] === text.toUpperCase()) index = i;
    }
    if (index === -1) return null;
    return rangeEnd && field.name === 'day-of-week' && index === 0 ? 7 : index + field.first;
  }

  // Why the field's text is wrong, or null; `named` gets every value it names.
  function fieldProblem(field: Field, text: string, named: boolean[]): string | null {
    if (text === '?' && (field.name === 'day-of-month' || field.name === 'day-of-week')) return null;
    var items = text.split(',');
    for (var i = 0; i < items.length; i++) {
      var parts = ITEM.exec(items[i]);
      if (!parts) return 'use ' + field.use + FORMS;
      var step = parts[4] === undefined ? 1 : Number(parts[4]);
      if (step === 0 || step > field.count) return 'a step is 1 to ' + field.count;
      var low = field.min;
      var high = field.max;
      if (parts[1] === undefined) {
        var from = numberOf(field, parts[2], false);
        var to = parts[3] === undefined ? from : numberOf(field, parts[3], true);
        if (from === null || to === null) return 'use ' + field.use + FORMS;
        if (from > to) return 'a range goes from low to high';
        if (parts[3] === undefined && parts[4] !== undefined) return 'a step goes after * or a range (*/15, 0-30/10)';
        low = from;
        high = to;
      }
      for (var value = low; value <= high; value += step) named[value] = true;
    }
    return null;
  }

  // A day-of-month that none of the months has (30 in February) never comes, unless weekdays are named.
  function neverProblem(days: boolean[], months: boolean[]): boolean {
    for (var month = 1; month <= 12; month++) {
      if (!months[month]) continue;
      for (var day = 1; day <= MONTH_DAYS[month - 1]; day++) {
        if (days[day]) return false;
      }
    }
    return true;
  }

  function cronProblem(label: string, pattern: unknown): string | null {
    if (typeof pattern !== 'string') return label + ' ' + quote(pattern) + ' is not a cron pattern; ' + CRON_ACCEPTED;
    var trimmed = pattern.replace(/^\s+|\s+$/g, '');
    var texts = trimmed === '' ? [] : trimmed.split(/\s+/);
    if (texts.length !== 5 && texts.length !== 6) {
      return label + ' ' + quote(pattern) + ' has ' + texts.length + ' field' + (texts.length === 1 ? '' : 's') + '; ' + CRON_ACCEPTED;
    }
    var fields = texts.length === 6 ? FIELDS : FIELDS.slice(1);
    var named: boolean[][] = [];
    for (var i = 0; i < fields.length; i++) {
      var seen: boolean[] = [];
      var problem = fieldProblem(fields[i], texts[i], seen);
      if (problem) return label + ' ' + quote(pattern) + ' has ' + fields[i].name + ' ' + quote(texts[i]) + '; ' + problem;
      named.push(seen);
    }
    var last = fields.length - 1;
    var anyWeekday = texts[last] === '*' || texts[last] === '?';
    if (anyWeekday && texts[last - 2] !== '*' && texts[last - 2] !== '?' && neverProblem(named[last - 2], named[last - 1])) {
      return label + ' ' + quote(pattern) + ' has day-of-month ' + quote(texts[last - 2]) + ', which month ' +
        quote(texts[last - 1]) + ' never has: it would never run';
    }
    return null;
  }

  return { cronProblem: cronProblem };
}
