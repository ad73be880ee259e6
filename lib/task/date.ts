// Task dates: ISO 8601 (no offset means UTC) or epoch milliseconds.
// The rules, messages and epoch ms are taskRules'; moment keeps the written offset for
// calendar arithmetic and does the formatting, never in local time.
import moment from 'moment';
import { TaskError } from './errors';
import { dateProblem, taskDateMs } from './rules';

// Only for finding the offset of a date the rules have accepted.
const ISO_OFFSET = /[+-]\d{2}:?\d{2}$/;

/**
 * The date as a moment in the zone it was written in: its own offset if the string has one
 * (so calendar arithmetic happens in that offset), UTC otherwise.
 * Throws TaskError with checkTask's message for anything checkTask refuses.
 */
export function taskDateMoment(value: string | number): moment.Moment {
  const date = moment.utc(parseTaskDate(value));
  const offset = writtenOffset(value);
  return offset === null ? date : date.utcOffset(offset);
}

/** Epoch milliseconds of a task date. Throws TaskError with checkTask's message for anything it refuses. */
export function parseTaskDate(value: string | number): number {
  const problem = dateProblem(value);
  if (problem) throw new TaskError(problem);
  return taskDateMs(value) as number;
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
  parseTaskDate(anchor);
  if (!Number.isFinite(ms)) throw new RangeError(`${ms} is not a time in epoch milliseconds`);
  if (typeof anchor === 'number') {
    parseTaskDate(ms); // within the range epoch milliseconds are taken in, as the ISO form below is
    return ms;
  }
  const offset = writtenOffset(anchor);
  const date = moment.utc(ms);
  const text = offset === null ? date.toISOString() : date.utcOffset(offset).format('YYYY-MM-DDTHH:mm:ss.SSSZ');
  if (!/^\d{4}-/.test(text)) {
    throw new TaskError(`date ${text} is outside the years 0000 to 9999 that an ISO 8601 task date can hold`);
  }
  return text;
}
