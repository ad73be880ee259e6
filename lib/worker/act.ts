// Decide → act: what a task read or shown needs (decide.ts, pure), and doing it: hold it in
// the clock until its claim time, write `scheduled`, `error` or `canceled`, wait for another
// process's lease, or let it go. Every write here is made on the revision read; a conflict
// reads the task again and decides afresh, so a user's change is never overwritten.
import { MAX_BACKOFF_MS } from '../db/retry';
import type { ReadTask } from '../db/store';
import { TaskError } from '../task/errors';
import { readTask } from '../task/task';
import { FINAL_STATUSES, type TaskDoc } from '../task/types';
import { withFields } from '../task/copy';
import type { WorkerContext } from './context';
import { decide } from './decide';
import { lastActivity, PEER_DEFER_MS } from './peers';
import { revGeneration } from './revision';
import { toCanceled, toGivenUp, toHandedBack, toInvalid, toScheduled } from './transitions';
import { messageOf } from '../log';

export interface ActOptions {
  /** Tasks due up to this time (epoch ms) are held (see window.ts). */
  loadedUntil: () => number;
  /** When to claim a task due at `dueMs` (see claim.ts). */
  claimAt: (dueMs: number) => number;
}

export class Actions {
  constructor(private readonly context: WorkerContext, private readonly options: ActOptions) {}

  /**
   * Decides what `doc` needs and does it. `fresh`: read just now, so it is not an echo of our
   * own write. `conflicts`: the revisions of its other live leaves, as far as we know.
   */
  async apply(doc: TaskDoc, fresh: boolean, conflicts: readonly string[] = []): Promise<void> {
    const { context } = this;
    const id = doc._id;
    this.notePeer(doc);
    const known = context.held.get(id);
    // A sibling found under a task held (a claim or an update through another node): the claim
    // is then confirmed against every copy, and a finished run's losing leaves are removed.
    if (known && conflicts.length > 0) known.conflicted = true;
    if (known && !fresh) {
      if (doc._rev === known.doc._rev) return; // our own write coming back through the feed
      if (revGeneration(doc._rev) < revGeneration(known.doc._rev)) return; // a replay of an older revision
    }
    if (known?.run) {
      // A cancel stops the job. Before the job started, any change that takes the task out of
      // `running` (a reschedule, a cancel) stops it from starting, and is decided afresh. Else
      // the lease renewal or the finishing write will meet this change as a conflict and decide then.
      if (doc.status === 'cancel') known.run.abort.abort(new Error('the task was canceled'));
      else if (!known.run.jobStarted && doc.status !== 'running') known.run.abort.abort(new Error(`the task was changed to '${String(doc.status)}' before its run`));
      return;
    }
    if (context.stopping) return;

    const now = context.time.now();
    const read = readTask(doc);
    const decision = decide(read, {
      now, processId: context.processId, jobNames: context.jobs.names(), takeoverNotBefore: this.takeoverNotBefore(),
      unknownJobMessage: (job) => context.jobs.unknownJobMessage(job),
    });
    switch (decision.kind) {
      case 'drop':
        this.forget(id);
        // A finished task's other leaves are claims and updates that lost: nothing runs them.
        if (conflicts.length > 0 && FINAL_STATUSES.includes(doc.status ?? 'waiting')) {
          await Promise.all(conflicts.map((rev) => this.removeLeaf(id, rev)));
        }
        return;
      case 'invalid':
        this.forget(id);
        context.log(`task ${id} is invalid: ${decision.message}`);
        await this.write(toInvalid(doc, decision.message, now));
        return;
      case 'cancel':
        this.forget(id);
        if ((await this.write(toCanceled(doc, now))) !== null) context.log(`task ${id} canceled`);
        return;
      case 'give-up':
        this.forget(id);
        context.log(`task ${id}: ${decision.reason}`);
        await this.write(orInvalid(doc, now, () => toGivenUp(read, decision.reason, now)));
        return;
      case 'await-lease':
        this.awaitLease(doc, decision.untilMs);
        return;
      case 'hold': {
        // The window goes by where the views order the task (decide.ts, `loadMs`).
        if ((decision.loadMs ?? decision.dueMs) > this.options.loadedUntil()) {
          this.forget(id); // beyond the window: it is loaded again when the window reaches it
          return;
        }
        // Another process's task (see PeerSet) is left to it; one held already (its owner was
        // learned of since) is claimed here only if its owner has not.
        const mine = context.peers.owns(id, now);
        if (!mine && !known) return;
        const task = { doc, dueMs: decision.dueMs, conflicted: conflicts.length > 0 || known?.conflicted === true, peersTurn: !mine };
        context.held.set(id, task);
        const claimAtMs = Math.max(now, this.options.claimAt(decision.dueMs));
        context.ticks.add(id, mine ? claimAtMs : claimAtMs + PEER_DEFER_MS, null);
        if (decision.markScheduled && mine) {
          const written = await this.write(toScheduled(doc));
          if (written) task.doc = written;
        }
        return;
      }
    }
  }

  /** Holds `doc`, running under another process's lease, until `untilMs`, and looks again then. */
  awaitLease(doc: TaskDoc, untilMs: number): void {
    this.context.held.set(doc._id, { doc, dueMs: untilMs, awaitingLease: true });
    this.context.ticks.add(doc._id, untilMs, null);
  }

  /**
   * Writes `next` (carrying the `_rev` we read; `waitMs` as in TaskStore.write). Returns the
   * written document, or null when it did not land: on a conflict the task is read again and
   * decided afresh, so a user's change is never overwritten.
   */
  async write(next: TaskDoc, waitMs?: number): Promise<TaskDoc | null> {
    const result = await this.context.store.write(next, waitMs);
    if (result.ok) return withFields(next, { _rev: result.rev });
    if (result.conflict) {
      await this.reconsider(next._id);
    } else {
      this.context.log(`task ${next._id}: the database refused the update: ${result.reason}`);
      this.forget(next._id);
    }
    return null;
  }

  async reconsider(id: string): Promise<void> {
    await this.decideAgain(id, await this.context.store.read(id, 'every-leaf'));
  }

  /** Decides what a task read just now needs; a task gone from the database is dropped. */
  async decideAgain(id: string, read: ReadTask | null): Promise<void> {
    if (read) await this.apply(read.doc, true, read.conflicts);
    else this.forget(id);
  }

  /** A task held and not running, handed back `waiting` (a stop). */
  async handBack(id: string): Promise<void> {
    const task = this.context.held.get(id);
    if (!task || task.run) return;
    await this.write(toHandedBack(task.doc));
    this.forget(id);
  }

  /** Deletes a losing leaf revision of a conflicted task (the winning revision stays). */
  async removeLeaf(id: string, rev: string): Promise<void> {
    await this.context.store.write({ _id: id, _rev: rev, _deleted: true });
  }

  forget(id: string): void {
    this.context.ticks.remove(id);
    this.context.held.delete(id);
    this.context.awaited.release(id);
  }

  /** Learns of the process `doc` shows at work (see PeerSet). */
  notePeer(doc: TaskDoc): void {
    const now = this.context.time.now();
    const activity = lastActivity(doc, now);
    if (activity) this.context.peers.seen(activity.by, activity.atMs, now);
  }

  /**
   * A lease that ran out may only mean its owner could not reach the database. So after an
   * outage this process saw, and after its own start (it cannot know of an outage before),
   * owners get a full lease to renew before a takeover, counted from when they can write
   * again: the database may return up to one retry wait after our last failed attempt, and
   * the owner's own retry may come one retry wait after that.
   */
  private takeoverNotBefore(): number {
    const { context } = this;
    return Math.max(context.startedMs, context.store.lastFailureMs) + 2 * MAX_BACKOFF_MS + context.leaseMs;
  }
}

/**
 * `build()`, or `error` with its reason when a next date cannot be computed (a grid past year
 * 9999). Anything else `build` throws is a fault of the worker's own, met on a document it did
 * not foresee: the task ends `error` saying so, rather than staying `running`.
 */
export function orInvalid(doc: TaskDoc, nowMs: number, build: () => TaskDoc): TaskDoc {
  try {
    return build();
  } catch (err) {
    if (err instanceof TaskError) return toInvalid(doc, err.message, nowMs);
    return toInvalid(doc, `the worker could not record this run: ${messageOf(err)}`, nowMs);
  }
}
