// Whether a claim this process wrote still holds once read back (pure).
//
// On a CouchDB cluster two claims written through different nodes can both "succeed" and
// leave a conflicted document. CouchDB shows every reader the same winning revision, so
// every claimant reaches the same verdict: the winner removes the losing revisions and runs;
// a loser backs off and waits for the winner's lease like any other process.
import type { ReadTask } from '../db/batch-reader';
import type { TaskDoc } from '../task/types';

export type ClaimVerdict =
  /** Ours, and nothing else was written. */
  | { kind: 'held' }
  /** Ours, but losing revisions remain (a cluster race, or a user edit on top of ours): remove these. */
  | { kind: 'won'; losingRevs: string[] }
  /** Someone else's claim won, or the task changed: decide again from what was read. */
  | { kind: 'lost' };

/** Whether `doc` is running under the claim of process `processId`. */
export function isClaimedBy(doc: TaskDoc, processId: string): boolean {
  return doc.status === 'running' && doc.lease?.by === processId;
}

export function checkClaim(read: ReadTask, claimedRev: string | undefined, processId: string): ClaimVerdict {
  if (!isClaimedBy(read.doc, processId)) return { kind: 'lost' };
  if (read.conflicts.length === 0 && read.doc._rev === claimedRev) return { kind: 'held' };
  return { kind: 'won', losingRevs: read.conflicts };
}
