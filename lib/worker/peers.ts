// How the processes serving one name share out their tasks without talking to each other:
// each learns the others from their heartbeats (heartbeat-keeper.ts), from the live leases it
// sees (`lease.by` on running tasks) and from the runs it sees recorded (`history`'s last `by`,
// see lastActivity), and gives every task to one of the processes it knows, by rendezvous
// hashing (the highest hash of task id and process id wins), so that processes knowing the
// same peers agree. A process reads and holds only the tasks that fall to it (feed-rows.ts).
// One it held before it learned of their owner it claims a little later (PEER_DEFER_MS), if
// the owner has not by then. When a process is forgotten (its heartbeat ended or ran out),
// the others are told, and load the open tasks again to take its share (Worker's peerGone).
// Without sharing, every process reached for every task, and all but one of them lost each
// race: a write and a re-read for nothing, so that more processes served fewer tasks a
// second (docs/ARCHITECTURE.md, "Decisions and their measurements").
import { hash32, mix32 } from './hash32';
import type { TaskDoc } from '../task/types';
import { realTimers, type ClockTimers } from '../clock/timers';

/** A process seen at work on a task, and when (epoch ms). */
export interface Activity {
  by: string;
  atMs: number;
}

/**
 * The process `doc` shows at work: the owner of its lease while it runs (seen now), else the
 * process of its last recorded run (seen when that run ended). The run record matters on
 * CouchDB: its feed shows only a document's latest revision, and a short job's claim is
 * followed by its `done` before the feed is read, so the lease is rarely seen there.
 * Any field may hold anything a user wrote: what is not a lease or a run record is no activity.
 */
export function lastActivity(doc: TaskDoc, nowMs: number): Activity | null {
  if (doc.status === 'running' && typeof doc.lease?.by === 'string') {
    // A lease that ran out says nothing of its process but that it stopped renewing it.
    const untilMs = typeof doc.lease.until === 'string' ? Date.parse(doc.lease.until) : NaN;
    return untilMs > nowMs ? { by: doc.lease.by, atMs: nowMs } : null;
  }
  const history: unknown = doc.history;
  if (!Array.isArray(history) || history.length === 0) return null;
  const last: unknown = history[history.length - 1];
  if (typeof last !== 'object' || last === null) return null;
  const { by, started_at: startedAt, duration } = last as Record<string, unknown>;
  const startedMs = typeof startedAt === 'string' ? Date.parse(startedAt) : NaN;
  if (typeof by !== 'string' || !Number.isFinite(startedMs)) return null;
  return { by, atMs: Math.min(nowMs, startedMs + (typeof duration === 'number' && duration > 0 ? duration : 0)) };
}

/**
 * What the lease sweep of worker name `name` falls to, as a task id does: one process of a
 * name sweeps, and when it stops, the sweep falls to another (see Worker's sweep).
 */
export function sweepKey(name: string): string {
  return `after-sweep:${name}`;
}

/** The rendezvous score of `processSalt` for a task: the highest one among the processes gets the task. */
function score(taskHash: number, processSalt: number): number {
  return mix32(taskHash ^ processSalt);
}

/**
 * How much later than its owner a process claims a task it holds that is not its own (it held
 * it before it learned of the owner), if the feed has not shown it claimed or finished by
 * then. Long enough for a busy owner: on CouchDB, with 1 s, owners still working through a
 * burst lost many of their tasks to peers' claims that met theirs (409s and reads for
 * nothing; docs/ARCHITECTURE.md, "Decisions and their measurements").
 */
export const PEER_DEFER_MS = 5000;

/** How many leases a forgotten process is remembered as gone (another process's lease may be longer than ours). */
const GONE_KEPT_LEASES = 10;

export class PeerSet {
  /** Other processes, by id: when their last claim was seen (epoch ms), and their salt. */
  private readonly lastSeen = new Map<string, { seenMs: number; salt: number }>();
  /**
   * Processes forgotten, and when: their work seen in documents afterwards (a lease, a run
   * record) is older news and does not bring them back; only their heartbeat does.
   */
  private readonly gone = new Map<string, number>();
  private readonly selfSalt: number;

  /**
   * `forgetAfterMs`: a process whose claims have not been seen for this long is taken to have
   * stopped. `onForgotten` is told when a process is taken to have stopped (its share falls to
   * the others, who may never have read those tasks), after the call that found it out.
   */
  constructor(private readonly selfId: string, private readonly forgetAfterMs: number,
    private readonly onForgotten: (processId: string) => void = () => undefined,
    private readonly clock: ClockTimers = realTimers) {
    this.selfSalt = hash32(selfId, 0);
  }

  /** Processes known alive besides this one. */
  get size(): number {
    return this.lastSeen.size;
  }

  /** `processId` was seen at work at `atMs` (a claim, a run); what is older than `forgetAfterMs` at `nowMs` is not news. */
  seen(processId: string, atMs: number, nowMs: number = atMs): void {
    if (this.gone.has(processId)) return;
    this.note(processId, atMs, nowMs);
  }

  /** `processId`'s heartbeat says it lives at `nowMs`, even if it was taken to have stopped. */
  alive(processId: string, nowMs: number): void {
    this.gone.delete(processId);
    this.note(processId, nowMs, nowMs);
  }

  private note(processId: string, atMs: number, nowMs: number): void {
    if (processId === this.selfId || nowMs - atMs > this.forgetAfterMs) return;
    const known = this.lastSeen.get(processId);
    if (known) known.seenMs = Math.max(known.seenMs, atMs);
    else this.lastSeen.set(processId, { seenMs: atMs, salt: hash32(processId, 0) });
  }

  /** `processId` has stopped: its share is this process's again. */
  forget(processId: string, nowMs: number = this.clock.now()): void {
    if (this.lastSeen.delete(processId)) this.told(processId, nowMs);
  }

  /** Whether `taskId` falls to this process among the processes known alive at `nowMs`. */
  owns(taskId: string, nowMs: number): boolean {
    const taskHash = hash32(taskId, 0);
    const own = score(taskHash, this.selfSalt);
    for (const [peer, { seenMs, salt }] of this.lastSeen) {
      if (nowMs - seenMs > this.forgetAfterMs) {
        this.lastSeen.delete(peer);
        this.told(peer, nowMs);
        continue;
      }
      const theirs = score(taskHash, salt);
      if (theirs > own || (theirs === own && peer < this.selfId)) return false;
    }
    return true;
  }

  /** Notes a process forgotten, and tells of it on the next turn: the caller may be in the middle of a decision. */
  private told(processId: string, nowMs: number): void {
    // Any record of a process gone this long is too old to bring it back anyway.
    for (const [id, goneMs] of this.gone) if (nowMs - goneMs > GONE_KEPT_LEASES * this.forgetAfterMs) this.gone.delete(id);
    this.gone.set(processId, nowMs);
    this.clock.setImmediate(() => this.onForgotten(processId));
  }
}
