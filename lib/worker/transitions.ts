// The documents a worker writes, built from the one it read: pure functions, one per
// status change of DESIGN.md §2. Each keeps every field it does not own (users' fields too).
import type { JobOutcome } from '../jobs/types';
import { nextOccurrence, parseRepeat, formatLike } from '../task/repeat';
import type { Lease, RunRecord, TaskDoc } from '../task/types';

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
  return { ...withoutStaleAnchor(doc), status: 'running', lease, started_at: iso(nowMs), attempts: (doc.attempts ?? 0) + 1 };
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
 * The document after a run. Done: `done`, or for a repeating task `waiting` at the next
 * date of its grid (missed occurrences coalesced). A failed repeating task also goes on
 * with its grid, as cron does; its `error` tells of the failure. `later` (SCHED_LATER)
 * waits the given seconds.
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
    runs: (doc.runs ?? 0) + 1,
    started_at: iso(timing.startedMs),
    finished_at: iso(timing.finishedMs),
    duration: record.duration,
    history: [...(doc.history ?? []), record].slice(-HISTORY_LIMIT),
  };
  if (outcome.kind === 'done') next.result = outcome.result;
  if (outcome.kind === 'error') next.error = { ...outcome.detail, message: outcome.message, at: iso(timing.finishedMs) };

  const anchor = doc.repeat_from ?? doc.date;
  if (outcome.kind === 'later') {
    const later: TaskDoc = { ...next, status: 'waiting', date: iso(timing.finishedMs + outcome.seconds * 1000) };
    return doc.repeat === undefined ? later : { ...later, repeat_from: anchor };
  }
  if (doc.repeat !== undefined) {
    const { ms } = nextOccurrence(anchor, parseRepeat(doc.repeat), timing.finishedMs);
    return { ...next, status: 'waiting', repeat_from: anchor, date: formatLike(anchor, ms) };
  }
  return { ...next, status: outcome.kind === 'done' ? 'done' : 'error' };
}
