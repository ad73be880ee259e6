// Task dates: ISO 8601 (no offset means UTC, or local time in the task's zone: Task.date) or epoch milliseconds.
// The rules, messages and epoch ms are taskRules'; moment keeps the written offset for
// calendar arithmetic and does the formatting, never in local time.
import moment from 'moment';
import { TaskError } from './errors';
import { readDate, type DateReading } from './rules';
import type { Zone } from './zone';

// Only for finding the offset of a date the rules have accepted.
const ISO_OFFSET = /[+-]\d{2}:?\d{2}$/;

/** A task date, read once: its epoch milliseconds and the way it was written. */
export class TaskDate {
  private constructor(
    /** As the document holds it: an ISO 8601 string or epoch milliseconds. */
    readonly written: string | number,
    /** Epoch milliseconds: UTC unless an offset is written. */
    readonly ms: number,
    /** The task's zone (`tz`), which the dates it formats are written in; null without one. */
    readonly zone: Zone | null = null,
  ) {}

  /** The same date, the dates it formats written in `zone`'s local time with its offset (a number stays a number). */
  inZone(zone: Zone | null): TaskDate {
    return new TaskDate(this.written, this.ms, zone);
  }

  /**
   * This date, written without offset, as local time in `zone` (the rules read it as UTC): a
   * time the zone skips is the first instant after the gap, one it has twice the first.
   */
  localIn(zone: Zone): TaskDate {
    return new TaskDate(this.written, zone.instant(this.ms), zone);
  }

  /** Reads `value`. Throws TaskError with checkTask's message for anything checkTask refuses. */
  static parse(value: unknown): TaskDate {
    return TaskDate.of(value, readDate(value));
  }

  /** `value` as the rules already read it (readDate, readTask). Throws TaskError with the reading's problem. */
  static of(value: unknown, reading: DateReading): TaskDate {
    if (reading.problem !== null) throw new TaskError(reading.problem);
    return new TaskDate(value as string | number, reading.ms as number);
  }

  /** The UTC offset written at the end (`+02:00`, `-0530`), or null for epoch numbers, `Z` and strings without one. */
  get offset(): string | null {
    return writtenOffset(this.written);
  }

  /**
   * The date as a moment in the zone it was written in: its own offset if the string has one
   * (so calendar arithmetic happens in that offset), UTC otherwise.
   */
  moment(): moment.Moment {
    const date = moment.utc(this.ms);
    const offset = this.offset;
    return offset === null ? date : date.utcOffset(offset);
  }

  /**
   * `ms` written in the style of this date: a number if it was epoch milliseconds; in a zone,
   * an ISO string in its local time with its offset then; else an ISO string with the date's
   * offset if it had one (`2013-01-12T10:00:00.000+02:00`), otherwise in UTC
   * (`2013-01-12T08:00:00.000Z`). Throws TaskError for a time no task date holds.
   */
  format(ms: number): string | number {
    if (!Number.isFinite(ms)) throw new RangeError(`${ms} is not a time in epoch milliseconds`);
    if (typeof this.written === 'number') {
      TaskDate.parse(ms); // within the range epoch milliseconds are taken in, as the ISO form below is
      return ms;
    }
    const offset = this.offset;
    const date = moment.utc(ms);
    const text = this.zone !== null ? this.zone.format(ms)
      : offset === null ? date.toISOString() : date.utcOffset(offset).format('YYYY-MM-DDTHH:mm:ss.SSSZ');
    if (!/^\d{4}-/.test(text)) {
      throw new TaskError(`date ${text} is outside the years 0000 to 9999 that an ISO 8601 task date can hold`);
    }
    return text;
  }
}

/**
 * The date as a moment in the zone it was written in (TaskDate.moment).
 * Throws TaskError with checkTask's message for anything checkTask refuses.
 */
export function taskDateMoment(value: string | number): moment.Moment {
  return TaskDate.parse(value).moment();
}

/** Epoch milliseconds of a task date. Throws TaskError with checkTask's message for anything it refuses. */
export function parseTaskDate(value: string | number): number {
  return TaskDate.parse(value).ms;
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

/** `ms` written in the style of `anchor` (TaskDate.format). */
export function formatLike(anchor: string | number, ms: number): string | number {
  return TaskDate.parse(anchor).format(ms);
}
