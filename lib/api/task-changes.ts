// What submit, cancel, reschedule and retry write, decided from what the caller gave and the
// task as read: pure functions, no I/O. Refusals are typed errors with one-line messages.
import crypto from 'node:crypto';
import { dateProblem } from '../task/rules';
import { readTask } from '../task/task';
import { FINAL_STATUSES, type DelaySpec, type JobField, type RetrySpec, type TaskDoc, type TaskStatus } from '../task/types';
import { TaskInvalidError, TaskStatusError } from './errors';

/** A task date as the library takes it: a Date (stored as ISO 8601), or as the document holds it. */
export type DateInput = Date | string | number;

/** A new task as `submit` takes it: the fields users write (README, "The task document"), `date` a Date if you like. */
export interface NewTask {
  /** Chosen (a random UUID) when absent. */
  _id?: string;
  worker: string;
  date: DateInput;
  job: JobField;
  /** `waiting` when absent. */
  status?: TaskStatus;
  /** An IANA zone name (default `UTC`) for the repeat's calendar arithmetic and cron pattern. */
  tz?: string;
  repeat?: TaskDoc['repeat'];
  retry?: RetrySpec;
  max_attempts?: number;
  max_fails?: number;
  timeout?: number;
  priority?: number;
  /** How long the task is kept once it ends (`done`, `error`, `canceled`): ms, a duration object or an ISO 8601 duration; then its worker deletes it. */
  ttl?: DelaySpec;
  /** The ids of the tasks that must end `done` before this one starts. */
  depends_on?: string[];
  /** Your own fields are kept untouched. */
  [field: string]: unknown;
}

/** The statuses from which retry runs a task again. */
const RETRYABLE: readonly TaskStatus[] = ['error', 'canceled'];

/** A date as stored: a Date as ISO 8601, anything else as given. Throws TaskInvalidError when the task rules refuse it. */
export function storedDate(value: DateInput): string | number {
  if (value instanceof Date && Number.isNaN(value.getTime())) {
    throw new TaskInvalidError('date is an invalid Date (new Date(NaN)); use a valid Date, an ISO 8601 string or epoch milliseconds');
  }
  const date = value instanceof Date ? value.toISOString() : value;
  const problem = dateProblem(date);
  if (problem) throw new TaskInvalidError(problem);
  return date;
}

/** The document `submit` writes: a fresh id unless one is given, status `waiting` unless one is given. Throws TaskInvalidError. */
export function newTaskDoc(task: NewTask): TaskDoc {
  if (typeof task !== 'object' || task === null || Array.isArray(task)) {
    throw new TaskInvalidError(`a task is an object such as {"worker": "billing", "date": new Date(), "job": "hello"}, not ${JSON.stringify(task)}`);
  }
  const date = task.date instanceof Date ? storedDate(task.date) : task.date;
  const doc: TaskDoc = { ...task, _id: task._id ?? crypto.randomUUID(), date, status: task.status ?? 'waiting' };
  // The worker's check: the rules, then a zone no zone has and a cron pattern croner refuses.
  const problem = readTask(doc).problem;
  if (problem) throw new TaskInvalidError(problem);
  return doc;
}

function statusOf(doc: TaskDoc): TaskStatus {
  return doc.status ?? 'waiting';
}

/**
 * Cancel: an open task gets `status: cancel`, which its worker turns into `canceled` (and a
 * running job is aborted). A task already `cancel` or `canceled` is left as it is. A task that
 * ended `done` or `error` cannot be canceled: TaskStatusError.
 */
export function canceledDoc(doc: TaskDoc): TaskDoc {
  const status = statusOf(doc);
  if (status === 'cancel' || status === 'canceled') return doc;
  if (status === 'done' || status === 'error') {
    throw new TaskStatusError(`task ${doc._id} has ended ${status}: there is nothing to cancel (only a task that has not ended can be)`, doc);
  }
  return { ...doc, status: 'cancel' };
}

/**
 * Reschedule: `status: reschedule` with the new date, which its worker takes as a new start
 * (a repeating task's grid starts again there). A task that has ended (done, error, canceled)
 * is opened again, with fresh `attempts` and `fails` counts; its `runs` and `history` stay.
 */
export function rescheduledDoc(doc: TaskDoc, date: string | number): TaskDoc {
  const { lease: _lease, ...rest } = doc;
  const next: TaskDoc = { ...rest, status: 'reschedule', date };
  return FINAL_STATUSES.includes(statusOf(doc)) ? { ...next, attempts: 0, fails: 0 } : next;
}

/**
 * Retry: a task that ended `error` or `canceled` goes back to `waiting`, due now, with fresh
 * `attempts` and `fails` counts (a full retry budget again). `runs`, `history`, the last
 * `error` and `result` stay; a repeating task keeps its grid. Any other status: TaskStatusError.
 */
export function retriedDoc(doc: TaskDoc, nowMs: number): TaskDoc {
  const status = statusOf(doc);
  if (!RETRYABLE.includes(status)) {
    const hint = status === 'done' ? ' (to run a done task again, reschedule it)' : ': it has not ended';
    throw new TaskStatusError(`task ${doc._id} is ${status}; retry runs again a task that ended error or canceled${hint}`, doc);
  }
  const { lease: _lease, ...rest } = doc;
  const next: TaskDoc = { ...rest, status: 'waiting', date: new Date(nowMs).toISOString(), attempts: 0, fails: 0 };
  // The grid of a repeating task is anchored at its first date: keep it there.
  if (doc.repeat !== undefined && doc.repeat_from === undefined) next.repeat_from = doc.date;
  return next;
}
