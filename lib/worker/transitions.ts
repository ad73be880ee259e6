// The documents a worker writes, built from the one it read: pure functions, one per status
// change (docs/ARCHITECTURE.md, "The task document and its lifecycle"). Each keeps every
// field it does not own (users' fields too).
import type { JobOutcome } from '../jobs/types';
import { dateProblem } from '../task/rules';
import { nextOccurrence, parseRepeat, formatLike } from '../task/repeat';
import type { Lease, RunRecord, TaskDoc } from '../task/types';
import { planAfterFailure, storedCount } from './retry-policy';

/** How many past runs `history` keeps. */
export const HISTORY_LIMIT = 20;

export interface RunTiming {
  startedMs: number;
  finishedMs: number;
  /** The process that ran it. */
  by: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A `reschedule` moves a repeating task's grid too: its new date is the new first date. */
function withoutStaleAnchor(doc: TaskDoc): TaskDoc {
  if (doc.status !== 'reschedule') return doc;
  const { repeat_from: _anchor, ...rest } = doc;
  return rest as TaskDoc;
}

export function toScheduled(doc: TaskDoc): TaskDoc {
  return { ...withoutStaleAnchor(doc), status: 'scheduled' };
}

export function toRunning(doc: TaskDoc, lease: Lease, nowMs: number): TaskDoc {
  return { ...withoutStaleAnchor(doc), status: 'running', lease, started_at: iso(nowMs), attempts: storedCount(doc.attempts) + 1 };
}

export function toCanceled(doc: TaskDoc): TaskDoc {
  const { lease: _lease, ...rest } = doc;
  return { ...rest, status: 'canceled' };
}

export function toInvalid(doc: TaskDoc, message: string, nowMs: number): TaskDoc {
  const { lease: _lease, ...rest } = doc;
  return { ...rest, status: 'error', error: { message, at: iso(nowMs) } };
}

/** Given back on a graceful stop: another process (or this worker's next start) takes it. */
export function toHandedBack(doc: TaskDoc): TaskDoc {
  const { lease: _lease, ...rest } = doc;
  return { ...rest, status: 'waiting' };
}

/**
 * The first date of a repeating task's grid: `repeat_from`, which the worker writes, unless
 * someone wrote there what is no date (any field may hold anything): then its `date`.
 */
function gridAnchor(doc: TaskDoc): string | number {
  const anchor: unknown = doc.repeat_from;
  return (typeof anchor === 'string' || typeof anchor === 'number') && dateProblem(anchor) === null ? anchor : doc.date;
}

/** The run records stored so far: none, when `history` holds what is no list. */
function storedHistory(doc: TaskDoc): unknown[] {
  const history: unknown = doc.history;
  return Array.isArray(history) ? history : [];
}

/** A repeating task moves on to the first date of its grid after `afterMs`, its counts back at 0. */
function toNextOccurrence(doc: TaskDoc, repeat: NonNullable<TaskDoc['repeat']>, afterMs: number): TaskDoc {
  const anchor = gridAnchor(doc);
  const { ms } = nextOccurrence(anchor, parseRepeat(repeat), afterMs);
  return { ...doc, status: 'waiting', repeat_from: anchor, date: formatLike(anchor, ms), attempts: 0, fails: 0 };
}

/**
 * The document after a run. Done: `done`, or for a repeating task `waiting` at the next
 * date of its grid (missed occurrences coalesced). A failure counts in `fails`; with a
 * `retry` the task waits for its retry date (planAfterFailure), unless it gives up: then it
 * ends `error` with `error.gave_up` saying why, or a repeating task goes on with its grid,
 * as cron does, its `error` telling of the failure. A repeating task also moves on when its
 * next occurrence comes before the retry date. `later` (SCHED_LATER) waits the given
 * seconds and is no failure. Throws TaskError when the next date cannot be written.
 */
export function toFinished(doc: TaskDoc, outcome: JobOutcome, timing: RunTiming): TaskDoc {
  const { lease: _lease, ...rest } = doc;
  const record: RunRecord = {
    started_at: iso(timing.startedMs),
    duration: timing.finishedMs - timing.startedMs,
    outcome: outcome.kind,
    by: timing.by,
  };
  const next: TaskDoc = {
    ...rest,
    runs: storedCount(doc.runs) + 1,
    started_at: iso(timing.startedMs),
    finished_at: iso(timing.finishedMs),
    duration: record.duration,
    history: [...storedHistory(doc), record].slice(-HISTORY_LIMIT) as RunRecord[],
  };
  if (outcome.kind === 'done') next.result = outcome.result;
  if (outcome.kind === 'error') {
    next.error = { ...outcome.detail, message: outcome.message, at: iso(timing.finishedMs) };
    next.fails = storedCount(doc.fails) + 1;
  }

  const anchor = gridAnchor(doc);
  if (outcome.kind === 'later') {
    const later: TaskDoc = { ...next, status: 'waiting', date: iso(timing.finishedMs + outcome.seconds * 1000) };
    return doc.repeat === undefined ? later : { ...later, repeat_from: anchor };
  }
  if (outcome.kind === 'error') {
    const plan = planAfterFailure(next, timing.finishedMs);
    if (plan.kind === 'retry') {
      const retrying: TaskDoc = { ...next, status: 'waiting', date: iso(plan.atMs) };
      if (doc.repeat === undefined) return retrying;
      const { ms } = nextOccurrence(anchor, parseRepeat(doc.repeat), timing.finishedMs);
      if (plan.atMs < ms) return { ...retrying, repeat_from: anchor };
    } else if (doc.retry !== undefined) {
      // Without a retry a failure is final, as it always was: nothing was given up.
      next.error = { ...next.error!, gave_up: plan.reason };
    }
  }
  if (doc.repeat !== undefined) return toNextOccurrence(next, doc.repeat, timing.finishedMs);
  return { ...next, status: outcome.kind === 'done' ? 'done' : 'error' };
}

/**
 * A task given up without a run to finish, e.g. when its process died while running it and
 * no attempts are left (attemptsLeft): `error` with the reason, or for a repeating task
 * `waiting` at its next occurrence, as after any failure. Throws TaskError like toFinished.
 */
export function toGivenUp(doc: TaskDoc, reason: string, nowMs: number): TaskDoc {
  const { lease: _lease, ...rest } = doc;
  const givenUp: TaskDoc = { ...rest, error: { message: reason, at: iso(nowMs) } };
  return doc.repeat === undefined ? { ...givenUp, status: 'error' } : toNextOccurrence(givenUp, doc.repeat, nowMs);
}
