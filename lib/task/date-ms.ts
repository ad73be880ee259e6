// A task's `date` as epoch milliseconds, or null when it is neither ISO 8601 nor epoch ms.
//
// This function's source text is also installed in the design document (views and
// validate_doc_update run it inside CouchDB's JavaScript engine, which may be ES5 only),
// so it is self-contained and written in ES5: no imports, no let/const, no arrows.
// ES5's own Date.parse is not used because engines disagree on strings without an offset
// (UTC in ES5, local time since ES2015); DESIGN.md says no offset means UTC.
export function taskDateMs(value: unknown): number | null {
  if (typeof value === 'number') {
    return isFinite(value) && Math.floor(value) === value && value >= 0 ? value : null;
  }
  if (typeof value !== 'string') return null;
  var m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m) return null;
  var year = +m[1], month = +m[2], day = +m[3];
  var hour = m[4] ? +m[4] : 0, minute = m[5] ? +m[5] : 0, second = m[6] ? +m[6] : 0;
  var millis = m[7] ? Math.floor(+('0.' + m[7]) * 1000) : 0;
  var daysInMonth = [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth[month - 1]) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  var offsetMinutes = 0;
  var zone = m[8];
  if (zone && zone !== 'Z') {
    var offsetHours = +zone.substr(1, 2), offsetMins = +zone.substr(zone.length - 2, 2);
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (zone.charAt(0) === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  var date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offsetMinutes * 60000;
}
