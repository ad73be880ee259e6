// The date part of the task rules (rules.ts): ISO 8601 dates and epoch milliseconds.
// Its source text is installed in CouchDB: ES5 only, and nothing outside its own body but
// the part it receives (valueRules).
import type { DateReading, DateRules, ValueRules } from './rules-types';

export function dateRules(values: ValueRules): DateRules {
  var quote = values.quote;
  var DATE_ACCEPTED = 'ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds';
  // The largest time a JavaScript Date holds.
  var MAX_EPOCH_MS = 8640000000000000;
  // Epoch milliseconds before this (1973-03-03) are epoch seconds written by mistake, as often as
  // not (1e11 seconds is the year 5138): refused, as no task is meant for the early 1970s.
  var MIN_EPOCH_MS = 100000000000;
  // 9999-12-31T23:59:59.999Z: the last time an ISO 8601 date holds, for numbers as for strings.
  var MAX_ISO_MS = 253402300799999;
  // Stricter than moment.ISO_8601, which also takes week dates, ordinal dates, a space for T,
  // hours alone, 24:00 and offsets without minutes.
  var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/;

  function daysInMonth(year: number, month: number): number {
    if (month === 2) {
      var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      return leap ? 29 : 28;
    }
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  }

  // Dates: the problem, or the time in epoch ms, from one reading of the value. `label` names
  // the field in messages: `date` unless another is given.
  function readDate(date: unknown, label?: string): DateReading {
    function refuse(problem: string) {
      return { problem: problem, ms: null };
    }
    var name = label === undefined ? 'date' : label;
    if (date === undefined) return refuse(name + ' is required: ' + DATE_ACCEPTED);
    var notDate = name + ' ' + quote(date) + ' is not ' + DATE_ACCEPTED;
    if (typeof date === 'number') {
      var whole = isFinite(date) && Math.floor(date) === date && date >= 0 && date <= MAX_EPOCH_MS;
      if (!whole) return refuse(notDate);
      if (date < MIN_EPOCH_MS) {
        var asSeconds = date >= MIN_EPOCH_MS / 1000 ? '; it looks like epoch seconds (' + new Date(date * 1000).toISOString() +
          '): After takes epoch milliseconds, ' + date * 1000 : '';
        return refuse(name + ' ' + date + ' is before ' + new Date(MIN_EPOCH_MS).toISOString() + ' as epoch milliseconds' + asSeconds);
      }
      if (date > MAX_ISO_MS) {
        return refuse(name + ' ' + date + ' is after 9999-12-31T23:59:59.999Z, the last time an ISO 8601 task date can hold');
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
    var said = name + ' ' + quote(date) + ' has ';
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

  return { readDate: readDate };
}
