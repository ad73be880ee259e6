// Whether a claim this process wrote on a cluster may run (pure). See docs/COUCHDB.md.
//
// With one copy of each document, a claim that CouchDB accepted is won: a rival writing from
// the same `_rev` gets 409. With several copies, two claims written through different nodes
// can both be accepted and become sibling leaves later. So on a cluster:
// 1. A claim is written on a revision read just before from every copy (`_bulk_get`, r = n).
// 2. It is *fresh* when its answer came within CLAIM_FRESH_MS of that read.
// 3. It is confirmed by another such read CONFIRM_AFTER_MS after its answer (and not before
//    the task is due). Every fresh rival claim has landed by then, and the rival's own
//    confirmation sees ours: both see the same leaves and pick the same winner (CouchDB's
//    deterministic winning revision), so exactly one of them runs.
// 4. A claim that was not fresh runs only when no sibling leaf is (or may be) another
//    process's claim: such a rival may have confirmed before ours landed, and run. Then ours
//    is left to its lease. (A rival that ran and wrote again would be the winner, not us.)
// 5. Only over rival claims from the same revision, and over states in which the task has not
//    run since (waiting, scheduled): a sibling that shows a run (an outcome, a claim of a later
//    attempt) means our claim was written on a revision that was no longer the latest, which
//    a node that has just restarted can answer with. Then our claim is withdrawn.
// 6. The winner removes the losing leaves once its outcome is written: removed earlier, a
//    quorum read could see the task deleted while our claim has reached one copy only.

import type { ReadTask } from '../db/batch-reader';
import type { TaskDoc } from '../task/types';
import { storedCount } from './retry-policy';

/**
 * A claim whose answer came later than this after the read it was based on is not fresh.
 * Generous: a 3-node cluster on one 2-core machine answers a read and a write of a few
 * hundred claims within it (docs/ARCHITECTURE.md, "Decisions and their measurements").
 */
export const CLAIM_FRESH_MS = 1000;

/**
 * How long after its answer a claim is confirmed. Two fresh claims from the same revision
 * land within 2 × CLAIM_FRESH_MS of each other, so this lets each confirmation see the other.
 */
export const CONFIRM_AFTER_MS = 2 * CLAIM_FRESH_MS + 200;

export type ClaimVerdict =
  /** Ours, and the only leaf. */
  | { kind: 'held' }
  /** Ours, and the winner among siblings: run, then remove these losing leaves. */
  | { kind: 'won'; losingRevs: string[] }
  /** Ours and the winner, but not fresh and with siblings: a rival may have run; leave it to its lease. */
  | { kind: 'late' }
  /** Another revision won: decide again from it. */
  | { kind: 'lost' }
  /** Ours won, but a sibling shows the task ran since the revision we claimed: remove our claim, decide again. */
  | { kind: 'superseded' };

/** Whether `doc` is running under the claim of process `processId`. */
export function isClaimedBy(doc: TaskDoc, processId: string): boolean {
  return doc.status === 'running' && doc.lease?.by === processId;
}

/**
 * `read`: the task as every copy holds it, at confirmation. A winning revision that is ours but
 * not the one our claim wrote is a user's edit on top of our claim (other fields): still ours.
 */
export function checkClaim(read: ReadTask, processId: string, fresh: boolean): ClaimVerdict {
  if (!isClaimedBy(read.doc, processId)) return { kind: 'lost' };
  if (read.conflicts.length === 0) return { kind: 'held' };
  if (read.siblings?.some((sibling) => !concurrentWith(sibling, read.doc))) return { kind: 'superseded' };
  if (fresh || !mayHaveRivalClaim(read, processId)) return { kind: 'won', losingRevs: read.conflicts };
  return { kind: 'late' };
}

/** Whether `sibling` was written from the same state as our claim: another claim of the same attempt, or a state in which the task has not run since. */
function concurrentWith(sibling: TaskDoc, ours: TaskDoc): boolean {
  if (sibling.status === 'running') return storedCount(sibling.attempts) === storedCount(ours.attempts);
  const unstarted = sibling.status === undefined || ['waiting', 'scheduled', 'reschedule'].includes(sibling.status);
  return unstarted && storedCount(sibling.runs) === storedCount(ours.runs);
}

/** Whether a sibling leaf is, or may be (its body was not read), another process's claim. */
function mayHaveRivalClaim(read: ReadTask, processId: string): boolean {
  if (read.siblings === undefined) return true;
  return read.siblings.some((sibling) => sibling.status === 'running' && sibling.lease?.by !== processId);
}
