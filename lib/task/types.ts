// The task document (docs/ARCHITECTURE.md, "The task document and its lifecycle"). Users
// write the first block; workers write the rest.

export type TaskStatus =
  | 'waiting' | 'scheduled' | 'running' | 'done' | 'error' | 'reschedule' | 'cancel' | 'canceled';

/** `job` as stored: a bare name, a name with arguments (any JSON), or a chain of steps (lib/task/chain.ts). */
export type JobField = string | { name: string; arguments?: unknown } | ChainStep[];

/** One step of a chain: a job, its arguments, and its own retry policy (the task's when absent). */
export interface ChainStep {
  name: string;
  arguments?: unknown;
  retry?: RetrySpec;
}

/** A worker's claim on a running task. */
export interface Lease {
  /** The process holding it: `<hostname>/<pid>/<random>`. */
  by: string;
  /** ISO date after which another process may run the task again. */
  until: string;
}

export interface TaskError {
  message: string;
  at: string;
  [detail: string]: unknown;
}

/** A delay as users write it: milliseconds, or a duration as `repeat` takes (`{"seconds": 30}`, `"PT30S"`). */
export type DelaySpec = number | Record<string, number> | string;

/** How to retry a failed run (README "Retries, limits and time-outs"). */
export interface RetrySpec {
  /** How many retries after the first failure; past it the task ends `error`. */
  limit: number;
  /** The first delay; 1000 ms when absent. */
  interval?: DelaySpec;
  /** `fixed`: every delay is `interval`; `exponential`: the n-th is `interval × 2^(n-1)`. `fixed` when absent. */
  backoff?: 'fixed' | 'exponential';
  /** The longest delay. */
  max?: DelaySpec;
}

/**
 * A repeat as users write it: an ISO 8601 duration (`"P1D"`), or an object: a duration's amounts
 * (`{"days": 7}`) or a `cron` pattern, with where the series ends (`until`, `limit`).
 */
export type RepeatField = string | RepeatObject;

export interface RepeatObject {
  /** A cron pattern: 5 fields, or 6 with seconds first, in the task's zone. */
  cron?: string;
  /** No run after this date. */
  until?: string | number;
  /** How many runs in all, the first counted. */
  limit?: number;
  /** A duration's amounts per unit (`days`, `h`, ...). */
  [unit: string]: number | string | undefined;
}

export interface RunRecord {
  started_at: string;
  duration: number;
  outcome: 'done' | 'error' | 'later' | 'aborted';
  by: string;
  /** A chain's run: the step it ended at (failed, asked to run later, or the last). */
  step?: number;
  /** When the run was due (ISO 8601, the task's `date` as read): its start lateness is `started_at` minus this. */
  due?: string;
}

export interface TaskDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  worker: string;
  date: string | number;
  job: JobField;
  status?: TaskStatus;
  /** An IANA zone name (default `UTC`): a repeat's calendar arithmetic and cron patterns are in this zone. */
  tz?: string;
  repeat?: RepeatField;
  /** Run a failed task again after a delay, up to `retry.limit` times. */
  retry?: RetrySpec;
  /** Give up once this many runs have started (`attempts`), whether they failed, timed out or their process died. */
  max_attempts?: number;
  /** Give up once this many runs have failed (`fails`); time-outs count, runs whose process died do not. */
  max_fails?: number;
  /** Milliseconds a run may take (at most 2147483647); the worker then aborts it and counts a failure. */
  timeout?: number;
  /** Among tasks due together, a higher priority starts first (a whole number; default 0). */
  priority?: number;
  /** How long the task is kept once final (`done`, `error`, `canceled`); then a worker of its name deletes it. */
  ttl?: DelaySpec;
  /** The ids of the tasks that must end `done` before this one starts (issue 14). */
  depends_on?: string[];
  // Written by workers.
  result?: unknown;
  error?: TaskError;
  runs?: number;
  /** Runs started (counted at each claim); a repeating task counts from 0 again at each occurrence. */
  attempts?: number;
  /** Runs that ended in error, time-outs included; reset like `attempts`. */
  fails?: number;
  started_at?: string;
  finished_at?: string;
  /** When a worker saw the task end where no run's `finished_at` says it (a cancel; a final status a user wrote): where a ttl counts from. */
  ended_at?: string;
  duration?: number;
  history?: RunRecord[];
  lease?: Lease;
  /** The first date of a repeating task: occurrence n is `repeat_from + n × repeat`. */
  repeat_from?: string | number;
  /** How many occurrences of a repeating task have run (a catch-up of missed ones counts once): what `repeat.limit` counts. */
  repeat_runs?: number;
  /** A chain: the index of the step running, or of the step that failed (where the chain resumes); the last step once done. */
  step?: number;
  /** A chain: one result per finished step, from step 0 (a resumed chain keeps those of the steps before where it resumed). */
  results?: unknown[];
  /** A user's own fields are kept untouched. */
  [field: string]: unknown;
}

/** How many tasks each worker has in each status: `{ "<worker>": { "<status>": n, ... } }`. */
export type StatusCounts = Record<string, Record<string, number>>;

/** Statuses a worker still has something to do for. */
export const OPEN_STATUSES: readonly TaskStatus[] = ['waiting', 'scheduled', 'running', 'reschedule', 'cancel'];

/** Statuses after which a worker does nothing more. */
export const FINAL_STATUSES: readonly TaskStatus[] = ['done', 'error', 'canceled'];

/** A single job's name; a chain's step names, `fetch > resize > upload`. */
export function jobName(job: JobField): string {
  if (typeof job === 'string') return job;
  return Array.isArray(job) ? job.map((step) => step.name).join(' > ') : job.name;
}

/** A single job's arguments (a chain's are its steps'). */
export function jobArguments(job: JobField): unknown {
  return typeof job === 'string' || Array.isArray(job) ? undefined : job.arguments;
}
