// The task document (DESIGN.md §2). Users write the first block; workers write the rest.

export type TaskStatus =
  | 'waiting' | 'scheduled' | 'running' | 'done' | 'error' | 'reschedule' | 'cancel' | 'canceled';

/** `job` as stored: a bare name, or a name with arguments (any JSON). */
export type JobField = string | { name: string; arguments?: unknown };

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

export interface RunRecord {
  started_at: string;
  duration: number;
  outcome: 'done' | 'error' | 'later' | 'aborted';
  by: string;
}

export interface TaskDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  worker: string;
  date: string | number;
  job: JobField;
  status?: TaskStatus;
  repeat?: Record<string, number> | string;
  // Written by workers.
  result?: unknown;
  error?: TaskError;
  runs?: number;
  attempts?: number;
  started_at?: string;
  finished_at?: string;
  duration?: number;
  history?: RunRecord[];
  lease?: Lease;
  /** The first date of a repeating task: occurrence n is `repeat_from + n × repeat`. */
  repeat_from?: string | number;
  /** A user's own fields are kept untouched. */
  [field: string]: unknown;
}

/** Statuses a worker still has something to do for. */
export const OPEN_STATUSES: readonly TaskStatus[] = ['waiting', 'scheduled', 'running', 'reschedule', 'cancel'];

/** Statuses after which a worker does nothing more. */
export const FINAL_STATUSES: readonly TaskStatus[] = ['done', 'error', 'canceled'];

export function jobName(job: JobField): string {
  return typeof job === 'string' ? job : job.name;
}

export function jobArguments(job: JobField): unknown {
  return typeof job === 'string' ? undefined : job.arguments;
}
