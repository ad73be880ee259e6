// The documents a worker writes, built from the one it read: pure functions, one per status
// change (docs/ARCHITECTURE.md, "The task document and its lifecycle"). Each keeps every
// field it does not own (users' fields too).
import type { JobOutcome } from '../jobs/types';
import { isChain } from '../task/chain';
import { TaskError } from '../task/errors';
import type { Series } from '../task/schedule';
import { readTask, type Task } from '../task/task';
import type { Lease, RunRecord, TaskDoc } from '../task/types';
import { planAfterFailure, retryPolicyOf, storedCount } from './retry-policy';
import { withFields } from '../task/copy';

/** How many past runs `history` keeps. */
export const HISTORY_LIMIT = 20;

export interface RunTiming {
  startedMs: number;
  finishedMs: number;
  /** The process that ran it. */
  by: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const WITHOUT_LEASE = ['lease'];

const NEXT_OCCURRENCE_DROPS = ['step'];

/** A `reschedule` moves a repeating task's grid too: its new date is the new first date, and its runs are counted anew. */
function staleFields(doc: TaskDoc): string[] {
  return doc.status === 'reschedule' ? ['repeat_from', 'repeat_runs'] : [];
}

export function toScheduled(doc: TaskDoc): TaskDoc {
  return withFields(doc, { status: 'scheduled' }, staleFields(doc));
}

export function toRunning(doc: TaskDoc, lease: Lease, nowMs: number): TaskDoc {
  return withFields(doc, { status: 'running', lease, started_at: iso(nowMs), attempts: storedCount(doc.attempts) + 1 }, staleFields(doc));
}

/** Canceled at `nowMs`, stamped as `ended_at`: where a ttl counts from. */
export function toCanceled(doc: TaskDoc, nowMs: number): TaskDoc {
  return withFields(doc, { status: 'canceled', ended_at: iso(nowMs) }, WITHOUT_LEASE);
}

/** A dependency (`depends_on`) ended other than `done`, or does not exist: `canceled`, `error` naming it. */
export function toDependencyFailed(doc: TaskDoc, dependency: string, message: string, nowMs: number): TaskDoc {
  return withFields(doc, { status: 'canceled', error: { message, at: iso(nowMs), dependency } }, WITHOUT_LEASE);
}

export function toInvalid(doc: TaskDoc, message: string, nowMs: number): TaskDoc {
  return withFields(doc, { status: 'error', error: { message, at: iso(nowMs) } }, WITHOUT_LEASE);
}

/** Given back on a graceful stop: another process (or this worker's next start) takes it. */
export function toHandedBack(doc: TaskDoc): TaskDoc {
  return withFields(doc, { status: 'waiting' }, WITHOUT_LEASE);
}

/** The run records stored so far: none, when `history` holds what is no list. */
function storedHistory(doc: TaskDoc): unknown[] {
  const history: unknown = doc.history;
  return Array.isArray(history) ? history : [];
}

/**
 * A repeating task moves on to the first date of its schedule after `afterMs`, its counts back
 * at 0, this occurrence counted in `repeat_runs`; or, when its series has ended (`repeat.limit`
 * runs made, or the next date past `repeat.until`), it ends `done` (issue 14), whatever that last
 * run's outcome: a failure stays in `error`, as with every failed run of a repeating task.
 */
function toNextOccurrence(doc: TaskDoc, schedule: Series, afterMs: number): TaskDoc {
  const runs = storedCount(doc.repeat_runs) + 1;
  const nextMs = schedule.following(afterMs, runs);
  if (nextMs === null) return withFields(doc, { status: 'done', repeat_runs: runs });
  const { anchor } = schedule;
  const date = anchor.format(nextMs);
  // A chain's next occurrence runs from its first step (chainStart): its `results` stay until then.
  return withFields(doc, { status: 'waiting', repeat_from: anchor.written, date, attempts: 0, fails: 0, repeat_runs: runs }, NEXT_OCCURRENCE_DROPS);
}

/**
 * When the task as read was due (ISO 8601). Undefined when the rules refuse its date (TaskError):
 * the run is still recorded, without `due`, rather than the task being marked invalid.
 */
function dueOf(task: Task): string | undefined {
  try {
    return iso(task.date.ms);
  } catch (err) {
    if (err instanceof TaskError) return undefined;
    throw err;
  }
}

/**
 * The document after a run. Done: `done`, or for a repeating task `waiting` at the next
 * date of its grid (missed occurrences coalesced) until its series ends (`repeat.until`,
 * `repeat.limit`): then `done`, a failure of that last run kept in `error`. A failure counts in `fails`; with a
 * `retry` the task waits for its retry date (planAfterFailure), unless it gives up: then it
 * ends `error` with `error.gave_up` saying why, or a repeating task goes on with its grid,
 * as cron does, its `error` telling of the failure. A repeating task also moves on when its
 * next occurrence comes before the retry date. `later` (SCHED_LATER) waits the given
 * seconds and is no failure. Throws TaskError when the next date cannot be written.
 */
export function toFinished(doc: TaskDoc, outcome: JobOutcome, timing: RunTiming): TaskDoc {
  const startedAt = iso(timing.startedMs);
  const finishedAt = iso(timing.finishedMs);
  const record: RunRecord = {
    started_at: startedAt,
    duration: timing.finishedMs - timing.startedMs,
    outcome: outcome.kind,
    by: timing.by,
  };
  if (isChain(doc.job) && typeof doc.step === 'number') record.step = doc.step;
  const next = withFields(doc, {
    runs: storedCount(doc.runs) + 1,
    started_at: startedAt,
    finished_at: finishedAt,
    duration: record.duration,
    history: [...storedHistory(doc), record].slice(-HISTORY_LIMIT) as RunRecord[],
  }, WITHOUT_LEASE);
  if (outcome.kind === 'done') next.result = outcome.result;
  if (outcome.kind === 'error') {
    next.error = { ...outcome.detail, message: outcome.message, at: finishedAt };
    next.fails = storedCount(doc.fails) + 1;
  }

  // Read at most once, with this failure counted, and only as far as this outcome needs.
  const task = readTask(next);
  // `date` has not moved yet: it is when this run was due (the dashboard's start lateness).
  // `record` is the last entry of next.history.
  const due = dueOf(task);
  if (due !== undefined) record.due = due;
  if (outcome.kind === 'later') {
    const start = task.gridStart; // read before `date` moves
    next.status = 'waiting';
    next.date = iso(timing.finishedMs + outcome.seconds * 1000);
    if (doc.repeat !== undefined) next.repeat_from = start;
    return next;
  }
  if (outcome.kind === 'error') {
    const plan = planAfterFailure(task, timing.finishedMs);
    if (plan.kind === 'retry') {
      const retrying = withFields(next, { status: 'waiting', date: iso(plan.atMs) });
      const schedule = task.schedule;
      if (schedule === null) return retrying;
      // The retry comes first, or the series has no next date.
      const nextMs = schedule.following(timing.finishedMs, storedCount(doc.repeat_runs) + 1);
      if (nextMs === null || plan.atMs < nextMs) return withFields(retrying, { repeat_from: schedule.anchor.written });
    } else if (retryPolicyOf(task) !== null) {
      // Without a retry a failure is final, as it always was: nothing was given up.
      next.error = { ...next.error!, gave_up: plan.reason };
    }
  }
  const schedule = task.schedule;
  if (schedule !== null) return toNextOccurrence(next, schedule, timing.finishedMs);
  next.status = outcome.kind === 'done' ? 'done' : 'error';
  return next;
}

/**
 * A task given up without a run to finish, e.g. when its process died while running it and
 * no attempts are left (attemptsLeft): `error` with the reason, or for a repeating task
 * `waiting` at its next occurrence, as after any failure. Throws TaskError like toFinished.
 */
export function toGivenUp(task: Task, reason: string, nowMs: number): TaskDoc {
  const givenUp = withFields(task.doc, { error: { message: reason, at: iso(nowMs) } }, WITHOUT_LEASE);
  const schedule = task.schedule;
  return schedule === null ? { ...givenUp, status: 'error' } : toNextOccurrence(givenUp, schedule, nowMs);
}
