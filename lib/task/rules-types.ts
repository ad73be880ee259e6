// The shapes of the task rules (rules.ts): what the worker reads of a task document, and what
// each part of the rules hands to the next. Types only: nothing here reaches CouchDB.

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

/**
 * A repeat as the rules read it: every how long (a duration's amounts, or a cron pattern), and
 * where the series ends (`until`, `limit`; object form only).
 */
export interface RepeatSpecRead {
  /** The duration's amounts; null for a cron repeat. */
  amounts: RepeatAmounts | null;
  /** The cron pattern as written; null for a duration. */
  cron: string | null;
  /** `until` as written (its epoch ms are read with the task's zone: lib/task/task.ts); null when absent. */
  until: string | number | null;
  /** How many runs in all, the first counted; null when absent. */
  limit: number | null;
}

/** A repeat read: why it is none, or what it says. */
export interface RepeatReading {
  problem: string | null;
  repeat: RepeatSpecRead | null;
}

/** A task document as the rules read it, each part once (lib/task/task.ts builds a Task on it). */
export interface TaskReading {
  /** What checkTask says of the document, design documents and deletions read like any other. */
  problem: string | null;
  date: DateReading;
  /** `tz` as written when it is a zone name by its shape (lib/task/zone.ts knows the zones); null when absent or wrong. */
  tz: string | null;
  /** Why `repeat` is no repeat, or null when it is one or there is none. */
  repeatProblem: string | null;
  /** What the repeat says; null when there is no repeat or a wrong one. */
  repeat: RepeatSpecRead | null;
  /** `retry` with its defaults filled in; null when there is no retry or a wrong one. */
  retry: RetrySettings | null;
}

/**
 * Where a task in a final status is kept until: [worker, 'ttl', its end + its own ttl], or, without
 * a ttl of its own, [worker, 'default', its end] for the worker's default; the time (epoch ms)
 * null when no end is known.
 */
export type RetentionKey = [worker: string, kind: 'ttl' | 'default', ms: number | null];

export interface TaskRules {
  /**
   * Null when `doc` is a well-formed task document; otherwise one line saying what is wrong
   * and what is accepted. Design documents, local documents and deletions always pass.
   */
  checkTask(doc: unknown): string | null;
  /** Every part of a task document read once: checkTask's problem, and the date, repeat and retry as read. */
  readTask(doc: unknown): TaskReading;
  /** A task date read once: dateProblem and dateMs together. `label` names the field in messages (`date` when absent). */
  readDate(value: unknown, label?: string): DateReading;
  /** A repeat read once: repeatProblem and what it says (durations, cron, until, limit). */
  readRepeat(value: unknown): RepeatReading;
  /** Whether `date` is written without offset in the zone `tz` (not UTC): local time there, which lib/task/task.ts reads. */
  isLocalDate(tz: unknown, date: unknown): boolean;
  /**
   * Where the views order a task document: its date in epoch ms, or for a local date in a zone the
   * earliest instant it can be (its local time as UTC less 14 hours); null for a document without a date.
   */
  windowMs(doc: unknown): number | null;
  /** Why `value` is not a ttl (how long a final task is kept), or null when it is one or undefined. */
  ttlProblem(value: unknown): string | null;
  /** Where a task document in a final status is kept until (RetentionKey); null when its ttl is none: it is kept. */
  retentionKey(doc: unknown): RetentionKey | null;
  /** Why `value` is no zone name by its shape (undefined is none either), or null when it may be one. */
  tzProblem(value: unknown): string | null;
  /** What a zone name of the right shape that no zone has is told (lib/task/zone.ts says when): the shape's own message. */
  unknownZone(tz: unknown): string;
  /** Why `pattern`, as `repeat.cron`, is no cron pattern by its fields (lib/task/cron-schedule.ts has croner read it too). */
  cronProblem(pattern: unknown): string | null;
  /** Why `value` is not a task date (undefined: the date is missing), or null when it is one. */
  dateProblem(value: unknown): string | null;
  /** A task date as epoch ms, UTC unless an offset is written; null when dateProblem refuses it. */
  dateMs(value: unknown): number | null;
  /** Why `value` is not a repeat (undefined is not one either), or null when it is one. */
  repeatProblem(value: unknown): string | null;
  /** A repeat's amounts per unit, from an object or an ISO 8601 duration; null when repeatProblem refuses it, and for a cron repeat. */
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

/** The first part (valueRules in rules-values.ts): helpers every later part uses. */
export interface ValueRules {
  hasOwn(object: object, key: string): boolean;
  isPlainObject(value: unknown): value is { [key: string]: unknown };
  /** A value as it appears in a message: strings in single quotes, the rest as JSON, on one line. */
  quote(value: unknown): string;
  /** Null when `value` is a whole number >= `least`; otherwise why `label` is not `what`. */
  wholeNumberProblem(label: string, value: unknown, least: number, what: string): string | null;
}

/** The date part (dateRules in rules-dates.ts). */
export interface DateRules {
  /** `label` names the field in messages (`date` when absent). */
  readDate(date: unknown, label?: string): DateReading;
}

/** A duration read: why it is none, or its amounts per unit. */
export interface DurationReading {
  problem: string | null;
  amounts: RepeatAmounts | null;
}

/** A delay read: why it is none, or its milliseconds. */
export interface DelayReading {
  problem: string | null;
  ms: number | null;
}

/** A retry policy read: why it is none, or its settings. */
export interface RetryReading {
  problem: string | null;
  settings: RetrySettings | null;
}

/** The duration part (durationRules in rules-durations.ts): repeats, delays and retries. */
export interface DurationRules {
  /**
   * The duration of a repeat. The keys in `otherKeys` (a repeat's `until`, `limit`) are left
   * to the caller; `accepted` is what a message about an unknown key says is accepted.
   */
  readRepeatDuration(repeat: unknown, otherKeys: string[], accepted: string): DurationReading;
  /** `label` names the field in messages. */
  readDelay(label: string, delay: unknown): DelayReading;
  readRetry(retry: unknown): RetryReading;
}

/** The cron part (cronRules in rules-cron.ts): the fields of a cron pattern, checked by their shape. */
export interface CronRules {
  /** Why `pattern` is no cron pattern of 5 or 6 fields, naming the field at fault; null when it is one. `label` names it. */
  cronProblem(label: string, pattern: unknown): string | null;
}

/** The job part (jobRules in rules-job.ts): a job name, a name with arguments, or a chain of steps. */
export interface JobRules {
  /** Why `job` is no job (undefined: it is missing); a chain's message names the step at fault (`job[1]`). Null when it is one. */
  jobProblem(job: unknown): string | null;
}

/** The repeat part (repeatRules in rules-repeat.ts): a repeat's duration or cron, until and limit. */
export interface RepeatRules {
  readRepeat(repeat: unknown): RepeatReading;
}
