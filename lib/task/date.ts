// Task dates (DESIGN.md §2): ISO 8601 (no offset means UTC) or epoch milliseconds.
// The rules and messages are checkTask's; moment does the arithmetic, never in local time.
import moment from 'moment';
import { TaskError } from './errors';
import { quoteValue } from './quote';

const DATE_ACCEPTED = 'ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds';

/** The largest time a JavaScript Date holds. */
const MAX_EPOCH_MS = 8.64e15;

// Stricter than moment.ISO_8601, which also takes week dates, ordinal dates, a space for T,
// hours alone, 24:00 and offsets without minutes.
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/;

const ISO_OFFSET = /[+-]\d{2}:?\d{2}$/;

function daysInMonth(year: number, month: number): number {
  return moment.utc([year, month - 1]).daysInMonth();
}

/** Why an ISO-shaped string is not a real time, or null when it is one. */
function rangeProblem(value: string, parts: RegExpExecArray): string | null {
  const [, year, month, day, hour, minute, second, sign, offsetHours, offsetMinutes] = parts;
  const said = `date ${quoteValue(value)} has`;
  if (Number(month) < 1 || Number(month) > 12) return `${said} month ${month}; use 01 to 12`;
  const lastDay = daysInMonth(Number(year), Number(month));
  if (Number(day) < 1 || Number(day) > lastDay) return `${said} day ${day}; ${year}-${month} has days 01 to ${lastDay}`;
  if (hour === undefined) return null;
  if (Number(hour) > 23) return `${said} hour ${hour}; use 00 to 23`;
  if (Number(minute) > 59) return `${said} minute ${minute}; use 00 to 59`;
  if (second !== undefined && Number(second) > 59) return `${said} second ${second}; use 00 to 59`;
  if (sign !== undefined) {
    const minutes = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
    if (Number(offsetMinutes) > 59 || minutes < -720 || minutes > 840) {
      return `${said} offset ${sign}${offsetHours}:${offsetMinutes}; use -12:00 to +14:00`;
    }
  }
  return null;
}

/**
 * The date as a moment in the zone it was written in: its own offset if the string has one
 * (so calendar arithmetic happens in that offset), UTC otherwise.
 * Throws TaskError with checkTask's message for anything checkTask refuses.
 */
export function taskDateMoment(value: string | number): moment.Moment {
  if (value === undefined) throw new TaskError(`date is required: ${DATE_ACCEPTED}`);
  const notDate = (): TaskError => new TaskError(`date ${quoteValue(value)} is not ${DATE_ACCEPTED}`);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0 || value > MAX_EPOCH_MS) throw notDate();
    return moment.utc(value);
  }
  const parts = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!parts) throw notDate();
  const problem = rangeProblem(value, parts);
  if (problem) throw new TaskError(problem);
  const date = writtenOffset(value) === null
    ? moment.utc(value, moment.ISO_8601, true)
    : moment.parseZone(value, moment.ISO_8601, true);
  if (!date.isValid()) throw notDate();
  return date;
}

/** Epoch milliseconds of a task date. Throws TaskError with checkTask's message for anything it refuses. */
export function parseTaskDate(value: string | number): number {
  return taskDateMoment(value).valueOf();
}

/**
 * The UTC offset written at the end of an ISO date string (`+02:00`, `-0530`), or null for
 * epoch numbers, `Z` and strings without one. Expects a date that parseTaskDate accepts.
 */
export function writtenOffset(value: string | number): string | null {
  if (typeof value !== 'string') return null;
  const match = value.includes('T') ? ISO_OFFSET.exec(value) : null;
  return match ? match[0] : null;
}

/**
 * `ms` written in the style of `anchor`: a number if the anchor was epoch milliseconds,
 * an ISO string with the anchor's offset if it had one (`2013-01-12T10:00:00.000+02:00`),
 * otherwise an ISO string in UTC (`2013-01-12T08:00:00.000Z`).
 */
export function formatLike(anchor: string | number, ms: number): string | number {
  taskDateMoment(anchor);
  if (!Number.isFinite(ms)) throw new RangeError(`${ms} is not a time in epoch milliseconds`);
  if (typeof anchor === 'number') return ms;
  const offset = writtenOffset(anchor);
  const date = moment.utc(ms);
  const text = offset === null ? date.toISOString() : date.utcOffset(offset).format('YYYY-MM-DDTHH:mm:ss.SSSZ');
  if (!/^\d{4}-/.test(text)) {
    throw new TaskError(`date ${text} is outside the years 0000 to 9999 that an ISO 8601 task date can hold`);
  }
  return text;
}
