// The claim protocol, in one place (docs/ARCHITECTURE.md, "Claims"): a claim is a write of
// `status: running` with this process's lease on the revision it holds. With one copy the
// database accepts one write on a revision, and an accepted claim is won. With several (a
// cluster, or a task with siblings) the claim is written on the revision every copy holds,
// and confirmed against every copy once every fresh rival has landed (claim-check.ts).
// It asks the store only to read and to write, so that it runs the same against the
// in-memory store of the unit tests.
import { sleepOn } from '../clock/timers';
import type { Actions } from './act';
import { checkClaim, CLAIM_FRESH_MS, CONFIRM_AFTER_MS } from './claim-check';
import { newLease, type HeldTask, type WorkerContext } from './context';
import { PEER_DEFER_MS } from './peers';
import type { ReadyTask } from './slots';
import { CLAIM_AHEAD_MS, CLAIM_SLACK_MS, FEED_YIELD_MS, UNHURRIED_WRITE_MS } from './timing';
import { toRunning } from './transitions';

export class Claims {
  /** `feedBehind`: whether the feed has changes not read yet (see Following.behind). */
  constructor(private readonly context: WorkerContext, private readonly actions: Actions,
    private readonly feedBehind: () => boolean) {}

  /** How long before its date a task is claimed: on a cluster a claim is also confirmed, a while after it lands, so it is written that much earlier. */
  aheadMs(): number {
    return this.context.replicas > 1 ? CLAIM_AHEAD_MS + CONFIRM_AFTER_MS : CLAIM_AHEAD_MS;
  }

  /** Whether `ready` is still to be claimed as it was queued: not moved (another date, another process's lease), gone or running since. */
  stillReady(ready: ReadyTask): boolean {
    const task = this.context.held.get(ready.id);
    return task !== undefined && !task.run && !task.awaitingLease && task.dueMs === ready.dueMs;
  }

  /**
   * Claims a ready task; the task, claimed, when the claim landed and holds (its run may
   * start), else null. Checks again that it is ready: its lane may have changed it (a feed
   * change, a read) since it was queued.
   */
  async claim(ready: ReadyTask): Promise<HeldTask | null> {
    const { context } = this;
    const id = ready.id;
    const task = context.held.get(id);
    if (!task || !this.stillReady(ready) || context.stopping) return null;
    const confirming = context.replicas > 1 || task.conflicted === true;
    const readMs = context.time.now();
    const mine = context.peers.owns(id, readMs);
    if (!task.peersTurn && !mine) {
      // It fell to a process this one learned of after holding it (processes that start
      // together, or tasks that arrive together, meet before they know each other): that
      // process gets its turn first, as if it had been known.
      task.peersTurn = true;
      context.ticks.add(id, readMs + PEER_DEFER_MS, null);
      return null;
    }
    if (!mine && this.feedBehind()) {
      // The owner's outcome may be among the changes not read yet: look again once they are.
      context.ticks.add(id, readMs + FEED_YIELD_MS, null);
      return null;
    }
    // On a cluster (and for a task with siblings) every claim is written on the revision every
    // copy holds now; otherwise only another process's task is read first (see PeerSet).
    if ((confirming || !mine) && !(await this.unchangedSinceHeld(id, task))) return null;
    const startMs = Math.max(context.time.now(), task.dueMs);
    const claimed = await this.actions.write(toRunning(task.doc, newLease(context, startMs), startMs), this.waitMs(task.dueMs, confirming));
    if (!claimed) return null;
    task.doc = claimed;
    if (confirming && !(await this.confirmed(id, task, context.time.now() - readMs))) return null;
    return task;
  }

  /**
   * Whether a task is still as we hold it. Most often, for another process's task, its owner
   * has run it: its `done` does not come through our feed, so we look before writing a claim
   * that would only meet a conflict.
   */
  private async unchangedSinceHeld(id: string, task: HeldTask): Promise<boolean> {
    const read = await this.context.store.read(id, 'every-leaf');
    if (read && read.doc._rev === task.doc._rev) return true;
    await this.actions.decideAgain(id, read);
    return false;
  }

  /**
   * How long a claim may wait for other writes to share its request: a while, when its task is
   * due well after the claim and its confirmation can land. Claims made ahead as slots free up
   * (a process whose slots are all taken by claimed tasks waiting for their date) then go with
   * the outcomes that freed the slots, a few requests a second instead of one each.
   */
  private waitMs(dueMs: number, confirming: boolean): number | undefined {
    const slackMs = dueMs - this.context.time.now() - (confirming ? CONFIRM_AFTER_MS : 0);
    return slackMs > CLAIM_SLACK_MS ? UNHURRIED_WRITE_MS : undefined;
  }

  /**
   * Confirms a claim on a cluster (claim-check.ts): reads every copy once every fresh rival
   * claim has landed (and not before the task is due), and runs only if ours won. A stop
   * ends the wait for the date, not the wait for rivals: a claim is never written on again
   * before it is known to have won.
   */
  private async confirmed(id: string, task: HeldTask, claimTookMs: number): Promise<boolean> {
    const { context, actions } = this;
    const rivalsLandedMs = context.time.now() + CONFIRM_AFTER_MS;
    await sleepOn(context.time, Math.max(task.dueMs, rivalsLandedMs) - context.time.now(), context.stopSignal);
    if (context.time.now() < rivalsLandedMs) await sleepOn(context.time, rivalsLandedMs - context.time.now());
    const read = await context.store.read(id, 'every-leaf');
    if (!read) {
      actions.forget(id);
      return false;
    }
    const verdict = checkClaim(read, context.processId, claimTookMs <= CLAIM_FRESH_MS);
    switch (verdict.kind) {
      case 'held':
        task.doc = read.doc;
        return true;
      case 'won':
        task.doc = read.doc;
        task.conflicted = true;
        context.log(`task ${id}: our claim won over ${verdict.losingRevs.length} concurrent revision(s), removed a while after it has run`);
        return true;
      case 'late': {
        // When its lease ends, the task is read again: finished by the rival (our leaf is then
        // removed), or still ours, and taken over (see decide).
        context.log(`task ${id}: our claim took ${claimTookMs} ms from its read (over ${CLAIM_FRESH_MS}), and another ` +
          'process claimed it too: leaving it to its lease, in case that one ran it');
        const leaseEndMs = Date.parse(task.doc.lease?.until ?? '') || context.time.now() + context.leaseMs;
        actions.awaitLease(read.doc, leaseEndMs);
        return false;
      }
      case 'lost':
        await actions.apply(read.doc, true, read.conflicts);
        return false;
      case 'superseded':
        context.log(`task ${id}: our claim was written on a revision that was no longer the latest (it ran since); withdrawing it`);
        await actions.removeLeaf(id, task.doc._rev as string);
        await actions.reconsider(id);
        return false;
    }
  }
}
