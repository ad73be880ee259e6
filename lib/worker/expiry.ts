// What the ttl sweep (ttl-sweep.ts) does with a finished task it found: pure, no I/O. A task is
// deleted only by a worker of its name, only in a final status at the revision read, and only
// once its ttl has run out from its end (the rules' retentionKey): its own ttl, or else the
// worker's default. Without either it is kept, as it always was.
import type { ExpiryCutoffs } from '../db/store';
import { retentionKey } from '../task/rules';
import { withFields } from '../task/copy';
import { FINAL_STATUSES, type TaskDoc } from '../task/types';

export type ExpiryVerdict =
  /** Its ttl ran out: delete it. */
  | 'delete'
  /** Its ttl applies but its end is not known (a final status a user wrote): stamp `ended_at`, from which it counts. */
  | 'stamp-end'
  /** Not this worker's to delete, not final, not yet, no ttl, or siblings left to the claim's winner (claim.ts). */
  | 'keep';

/** What becomes of `doc` (as read, `_conflicts` apart) for the worker `worker` at `cutoffs`. */
export function expiryVerdict(doc: TaskDoc, conflicts: readonly string[], worker: string, cutoffs: ExpiryCutoffs): ExpiryVerdict {
  if (doc._deleted || doc.worker !== worker || conflicts.length > 0 || !FINAL_STATUSES.includes(doc.status ?? 'waiting')) return 'keep';
  const key = retentionKey(doc);
  if (key === null) return 'keep';
  const [, kind, ms] = key;
  const ttlFromNow = kind === 'ttl' ? 0 : cutoffs.defaultTtlMs;
  if (ttlFromNow === null) return 'keep';
  if (ms === null) return 'stamp-end';
  return ms <= cutoffs.nowMs - ttlFromNow ? 'delete' : 'keep';
}

/** The deletion of `doc` at the revision read. */
export function toDeleted(doc: TaskDoc): { _id: string; _rev?: string; _deleted: true } {
  return { _id: doc._id, _rev: doc._rev, _deleted: true };
}

/** `doc` with its end stamped at `nowMs`. */
export function toEndStamped(doc: TaskDoc, nowMs: number): TaskDoc {
  return withFields(doc, { ended_at: new Date(nowMs).toISOString() });
}
