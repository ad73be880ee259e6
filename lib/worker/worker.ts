// A worker process for one worker name: loads its open tasks, follows `_changes`, holds
// what is due in the tick clock, claims and runs jobs, and writes every outcome back.
//
// Every database action on one task runs in that task's lane (a promise chain), so a
// change from the feed is never decided while our own write of the same task is in the
// air. The job itself runs outside the lane, so a user's `cancel` can reach it.
//
// Several processes may serve one worker name (on one machine or many). Each reads and
// holds the tasks that fall to it (peers.ts, feed-rows.ts); a run starts only after its claim
// (`status: running` with this process's lease, written with the `_rev` it read) has landed.
// A process that meets another's claim gets a 409, reads the task again and waits for the
// lease to end: the winner renews it while the job runs, and if the winner dies the lease
// runs out and another process runs the task again. When a process stops or dies, the others
// load the open tasks again and take its share. On a cluster a claim is also confirmed against
// every copy before the job starts (claim-check.ts).
import type { TasksDatabase } from '../db/connection';
import { BatchReader, withConflictsApart, type ReadTask } from '../db/batch-reader';
import { bootstrap } from '../db/bootstrap';
import { BulkWriter, MAX_BATCH } from '../db/bulk-writer';
import { ChangesFeed } from '../db/changes-feed';
import type { ChangesRow } from '../db/changes-request';
import { DatabaseUnavailableError } from '../db/errors';
import { expiredLeases } from '../db/expired-leases';
import { currentSeq, openTasks, type DateRange } from '../db/open-tasks';
import { replicaCount } from '../db/replicas';
import { DatabaseHealth } from '../db/health';
import { backoffDelay, MAX_BACKOFF_MS, OutageReporter, sleep } from '../db/retry';
import { MinHeap } from '../clock/min-heap';
import { TickScheduler } from '../clock/tick-scheduler';
import { DueGate } from '../clock/due-gate';
import { Turns } from '../clock/turns';
import type { JobRegistry } from '../jobs/registry';
import type { JobOutcome } from '../jobs/types';
import type { Log } from '../log';
import { TaskError } from '../task/errors';
import { readTask, type Task } from '../task/task';
import { FINAL_STATUSES, jobArguments, jobName, type Lease, type TaskDoc } from '../task/types';
import { decide } from './decide';
import { rowRead, type RowContext } from './feed-rows';
import { HeartbeatKeeper } from './heartbeat-keeper';
import { HEARTBEAT_ID_PREFIX, heartbeatId } from '../db/heartbeats';
import { OwnRevisions } from './own-revisions';
import { newProcessId } from './process-id';
import { revGeneration } from './revision';
import { checkClaim, CLAIM_FRESH_MS, CONFIRM_AFTER_MS, isClaimedBy } from './claim-check';
import { lastActivity, PEER_DEFER_MS, PeerSet, sweepKey } from './peers';
import { DEFAULT_CONCURRENCY, DEFAULT_HORIZON_MS, DEFAULT_LEASE_MS, DEFAULT_STOP_GRACE_MS } from './defaults';
import { ClaimSpread } from './spread';
import { withFields } from '../task/copy';
import { toCanceled, toFinished, toGivenUp, toHandedBack, toInvalid, toRunning, toScheduled, type RunTiming } from './transitions';

/**
 * A claim is written this long before the task is due, so that claiming does not make the run
 * late: a burst takes time to claim, and more on CouchDB, where each claim is a revision its
 * feed and views see too: in the bench's burst on CouchDB, 3 s ahead made start lateness
 * less than half what 1 s did (docs/COUCHDB.md, "Where the database's work per task goes").
 * A user's change before the job starts still stops it.
 */
export const CLAIM_AHEAD_MS = 3000;

/**
 * How long the feed waits, at most, for this process's writes in the air before its next
 * request. A task's claim and outcome then reach the feed as one change, not two: each
 * change costs CouchDB a read of the document (docs/COUCHDB.md).
 */
export const FEED_YIELD_MS = 1000;

/** How long after the outcome of a task that had sibling revisions it is read again, to remove them. */
const LOSERS_SETTLE_MS = 5000;

/** How soon a load of the whole window that failed (see peerGone) is tried again. */
const RELOAD_RETRY_MS = 5000;

/** The part of the claim-ahead window over which processes spread their claims (see ClaimSpread). */
export const CLAIM_SPREAD_MS = 200;

/**
 * Tasks whose claim times fall in one such slice of time are claimed together, at its start:
 * tasks due at scattered milliseconds are claimed in a few requests a second, not one each.
 * CouchDB spends more on a request than on a document in it (docs/COUCHDB.md, "Requests,
 * not documents").
 */
export const CLAIM_ROUND_MS = 250;

/**
 * How long a write nobody waits on (a run's outcome, a lease renewal, a claim well ahead of its
 * date) may wait for others to share its request (see BulkWriter.write).
 */
const UNHURRIED_WRITE_MS = 100;

/** A claim may wait UNHURRIED_WRITE_MS when its task is due more than this after it (and after its confirmation). */
const CLAIM_SLACK_MS = 1000;

export interface WorkerOptions {
  /** The worker name this process serves (the tasks' `worker` field). */
  name: string;
  database: TasksDatabase;
  jobs: JobRegistry;
  log: Log;
  /** How long a graceful stop lets running jobs finish before handing them back. Default 10 s. */
  stopGraceMs?: number;
  /** How long a claim (`lease.until`) lasts; renewed every third of it while the job runs. Default 30 s. */
  leaseMs?: number;
  /** Tasks due further away than this are not held in memory until they come closer. Default 10 min. */
  horizonMs?: number;
  /** At most this many jobs (with their claims) at once in this process. Default 1000. */
  concurrency?: number;
  /** Install (true) or remove (false) the database's own refusal of invalid tasks at start; absent keeps it as it is. */
  validateOnWrite?: boolean;
  /** Called once a run's outcome is written (not for a run handed back unfinished): `written` is the task as stored. */
  onOutcome?: (written: TaskDoc, outcome: JobOutcome) => void;
}

/** A task whose claim time came, waiting for a free slot. */
interface ReadyTask {
  id: string;
  priority: number;
  dueMs: number;
  /** This process's own order among equals (see ClaimSpread). */
  rank: number;
}

/** Highest priority first; among equals, the earliest due; then this process's own order. */
function readyBefore(a: ReadyTask, b: ReadyTask): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return a.dueMs !== b.dueMs ? a.dueMs < b.dueMs : a.rank < b.rank;
}

interface RunState {
  abort: AbortController;
  /** The job has been called. Until then (the claim is written ahead of the date) a user's change stops the run. */
  jobStarted: boolean;
  /** A renewal is queued or in the air: during an outage, renewals must not pile up behind it. */
  renewing?: boolean;
  /** Resolves once the outcome is written (or handed back). */
  settled: Promise<void>;
}

interface HeldTask {
  /** The latest revision we know: read from the database or written by us. */
  doc: TaskDoc;
  /** When it is due: the run never starts before. */
  dueMs: number;
  /** Set while this process runs its job. */
  run?: RunState;
  /** Running under another process's lease: look at it again when the lease ends. */
  awaitingLease?: boolean;
  /**
   * It has, or had, sibling revisions (a replication or a cluster race left them): its claim is
   * confirmed as on a cluster, and once its outcome is written it is read again and the losing
   * leaves are removed.
   */
  conflicted?: boolean;
  /** Its claim time was set for after its owner's turn: it falls to another process (see PeerSet). */
  peersTurn?: boolean;
}

export class Worker {
  readonly processId = newProcessId();
  private readonly held = new Map<string, HeldTask>();
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly clock: TickScheduler<null>;
  private readonly dueGate = new DueGate();
  /** Outcomes are handled a batch a turn, so that the first batch is written while the rest are prepared (see Turns). */
  private readonly finishing = new Turns(MAX_BATCH);
  private readonly writer: BulkWriter;
  private reader: BatchReader;
  /** Reads what the feed shows: the winning revision, the cheap way (see BatchReader's `latest`). */
  private readonly feedReader: BatchReader;
  private readonly ownRevisions = new OwnRevisions();
  /** Copies of each document the database keeps: more than one, and claims are confirmed (see claim-check.ts). */
  private replicas = 1;
  private readonly leaseMs: number;
  private readonly horizonMs: number;
  private readonly concurrency: number;
  private readonly ready = new MinHeap<ReadyTask>(readyBefore);
  private readonly spread = new ClaimSpread(CLAIM_SPREAD_MS, CLAIM_ROUND_MS);
  private readonly peers: PeerSet;
  private readonly heartbeat: HeartbeatKeeper;
  /** Claims in the air and jobs running: what `concurrency` bounds. */
  private active = 0;
  private drainQueued = false;
  /** Tasks due up to this time (epoch ms) are held; later ones are left in the database. */
  private loadedUntil = 0;
  /** The start's load of the open tasks has succeeded: later loads read only what the window adds. */
  private firstWindowLoaded = false;
  /** A peer is gone: the next advance of the window loads all of it again, to take the peer's share. */
  private reloadWanted = false;
  private feed: ChangesFeed | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private windowTimer: NodeJS.Timeout | null = null;
  private advancing = false;
  private sweeping = false;
  private stopping = false;
  /** Set when a stop's grace period ended: unfinished runs are handed back instead of recorded. */
  private handingBack = false;
  private stopped: Promise<void> | null = null;
  private readonly stopSignal = new AbortController();
  private readonly health = new DatabaseHealth();
  private readonly startedMs = Date.now();

  constructor(private readonly options: WorkerOptions) {
    this.clock = new TickScheduler<null>((id) => this.onClock(id));
    this.writer = new BulkWriter(options.database, {
      log: options.log, health: this.health, onWritten: (id, rev) => this.ownRevisions.written(id, rev),
    });
    this.reader = new BatchReader(options.database, { health: this.health });
    this.feedReader = new BatchReader(options.database, { health: this.health, latest: true });
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.horizonMs = options.horizonMs ?? DEFAULT_HORIZON_MS;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    // A process that made no claim for a lease is taken to have stopped (or to be idle).
    this.peers = new PeerSet(this.processId, this.leaseMs, (peer) => this.peerGone(peer));
    this.heartbeat = new HeartbeatKeeper({
      database: options.database, writer: this.writer, worker: options.name, processId: this.processId,
      leaseMs: this.leaseMs, peers: this.peers, log: options.log,
    });
  }

  /** Tasks this process holds (scheduled or running). */
  get heldCount(): number {
    return this.held.size;
  }

  async start(): Promise<void> {
    const { database, name, log } = this.options;
    await this.untilAvailable('cannot prepare the database', () => bootstrap(database, { validateOnWrite: this.options.validateOnWrite }));
    this.replicas = await this.untilAvailable('cannot read the database', () => replicaCount(database));
    this.reader = new BatchReader(database, { health: this.health, replicas: this.replicas });
    const since = await this.untilAvailable('cannot read the database', () => currentSeq(database));
    // After the feed's checkpoint: a peer's heartbeat written before our read of theirs is in
    // that read, and one written after it comes through the feed.
    await this.untilAvailable('cannot write this process\'s heartbeat', () => this.heartbeat.start());
    if (this.stopping) return this.heartbeat.stop(); // stopped while starting (the library's Worker): serve nothing
    this.loadedUntil = Date.now() + this.horizonMs;
    this.feed = new ChangesFeed(database, {
      since,
      onBatch: (rows) => this.takeRows(rows),
      log,
      health: this.health,
      beforeRequest: () => this.writer.drain(FEED_YIELD_MS, this.stopSignal.signal),
    });
    this.feed.start();
    // Half a lease: a task whose process died is found well within lease + one sweep.
    this.sweepTimer = setInterval(() => void this.sweepExpiredLeases(), Math.max(500, this.leaseMs / 2));
    this.windowTimer = setInterval(() => void this.advanceWindow(), this.horizonMs / 4);
    log(`worker '${name}' started on ${database.where} with jobs: ${this.options.jobs.names().join(', ') || '(none)'}; ` +
      `process ${this.processId}` +
      (this.replicas > 1 ? `; ${this.replicas} copies of each task: claims are confirmed against all of them` : ''));
    // The tasks already in the database are loaded while the feed serves new ones: on CouchDB the
    // first view query indexes every task written since the last one, minutes for a million.
    void this.advanceWindow();
  }

  /** Graceful stop: no new work (tasks claimed ahead of their date are handed back); running jobs get the grace period, then are handed back. */
  stop(): Promise<void> {
    this.stopped ??= this.stopGracefully();
    return this.stopped;
  }

  private async stopGracefully(): Promise<void> {
    const graceMs = this.options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    this.stopping = true;
    this.stopSignal.abort();
    // What the stop must still write or read (claims in the air, outcomes, hand-backs) must not
    // wait out a backoff begun while the database was away: it may be back by now.
    this.writer.hurry();
    this.reader.hurry();
    this.feedReader.hurry();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.windowTimer) clearInterval(this.windowTimer);
    await this.feed?.stop();
    this.clock.stop();
    // Claimed ahead of their date and waiting for it: handed back (see startRun).
    for (const task of this.held.values()) {
      if (task.run && !task.run.jobStarted) task.run.abort.abort(new Error('the worker is stopping'));
    }
    // Let decisions already under way (a claim in the air, or being confirmed on a cluster)
    // land before looking at what is held.
    const confirmingMs = this.replicas > 1 ? CONFIRM_AFTER_MS : 0;
    await withinGrace(Promise.all(this.lanes.values()), graceMs + confirmingMs);
    const handBacks: Promise<void>[] = [];
    const runs: Promise<void>[] = [];
    for (const [id, task] of this.held) {
      if (task.run) runs.push(task.run.settled);
      else if (task.doc.status === 'scheduled') handBacks.push(this.inLane(id, () => this.handBack(id)));
    }
    await withinGrace(Promise.all(handBacks), graceMs);
    if (!(await withinGrace(Promise.all(runs), graceMs))) {
      this.handingBack = true;
      for (const task of this.held.values()) task.run?.abort.abort(new Error('the worker is stopping'));
      await withinGrace(Promise.all(runs), graceMs);
    }
    // With the database away, a stop cannot wait for it: what is left unwritten is safe to
    // leave (scheduled tasks are held again at the next start, running ones come back when
    // their lease ends).
    if (!(await withinGrace(this.heartbeat.stop().then(() => this.writer.drain()), graceMs))) {
      this.options.log(`stopping with ${this.writer.pending} update(s) unwritten: the database is unreachable`);
    }
    this.options.log(`worker '${this.options.name}' stopped`);
  }

  /** A page of the thin feed: reads the documents this process must see (feed-rows.ts), and considers them. */
  private async takeRows(rows: ChangesRow[]): Promise<void> {
    const nowMs = Date.now();
    const context: RowContext = {
      heartbeatPrefix: heartbeatId(this.options.name, ''),
      heldRev: (id) => this.held.get(id)?.doc._rev,
      ownWrite: (id, revs) => this.ownRevisions.shownBy(id, revs),
      owns: (id) => this.peers.owns(id, nowMs),
    };
    const reads: Array<Promise<void>> = [];
    for (const row of rows) {
      const how = rowRead(row, context);
      if (how === 'skip') continue;
      const reader = how === 'with-siblings' ? this.reader : this.feedReader;
      reads.push(reader.read(row.id).then(
        (read) => (read ? this.considerRead(read) : this.gone(row.id)),
        (err: unknown) => this.options.log(`task ${row.id}: cannot read it: ${err instanceof Error ? err.message : String(err)}`),
      ));
    }
    await Promise.all(reads);
  }

  /** A document the feed showed deleted: a task held and not running is dropped (a running one is left to its outcome's write). */
  private gone(id: string): Promise<void> {
    if (!this.held.has(id)) return Promise.resolve();
    return this.inLane(id, async () => {
      if (!this.held.get(id)?.run) this.forget(id);
    });
  }

  /** A document of the start-up load or a sweep (with `_conflicts`, when it has any). */
  private consider(stored: TaskDoc): Promise<void> {
    return this.considerRead(withConflictsApart(stored));
  }

  /** A document read (from the feed, a load or a sweep), with the revisions of its siblings. */
  private considerRead({ doc, conflicts }: ReadTask): Promise<void> {
    if (doc._id.startsWith(HEARTBEAT_ID_PREFIX)) {
      this.heartbeat.noticed(doc, Date.now());
      return Promise.resolve();
    }
    if (doc.worker !== this.options.name) {
      // Another name's task whose id fell to this process, or one moved to another name.
      return this.held.has(doc._id) ? this.gone(doc._id) : Promise.resolve();
    }
    if (FINAL_STATUSES.includes(doc.status ?? 'waiting')) {
      // A finished task, most often run by another process. Its losing leaves, if any, are
      // left to a read of every copy (the winner's, or ours after our own claim lost), not
      // removed on the word of the feed. apply notes the peer; one we do not hold, we note here.
      if (this.held.has(doc._id)) return this.inLane(doc._id, () => this.apply(doc, false));
      this.notePeer(doc);
      return Promise.resolve();
    }
    // Our own write coming back through the feed changes nothing: dropped here rather than
    // queued in the task's lane, where it would wait for the claim's read-back, and the feed
    // (which waits for its batch) with it.
    if (doc._rev === this.held.get(doc._id)?.doc._rev && conflicts.length === 0) {
      this.notePeer(doc);
      return Promise.resolve();
    }
    return this.inLane(doc._id, () => this.apply(doc, false, conflicts));
  }

  /** Learns of the process `doc` shows at work (see PeerSet). */
  private notePeer(doc: TaskDoc): void {
    const now = Date.now();
    const activity = lastActivity(doc, now);
    if (activity) this.peers.seen(activity.by, activity.atMs, now);
  }

  private inLane(id: string, action: () => Promise<void>): Promise<void> {
    const previous = this.lanes.get(id) ?? Promise.resolve();
    const next = previous.then(action).catch((err: unknown) => {
      this.options.log(`task ${id}: ${err instanceof Error ? err.message : String(err)}`);
    });
    this.lanes.set(id, next);
    void next.then(() => {
      if (this.lanes.get(id) === next) this.lanes.delete(id);
    });
    return next;
  }

  /**
   * Decides what `doc` needs and does it. `fresh`: read just now, so it is not an echo of our
   * own write. `conflicts`: the revisions of its other live leaves, as far as we know.
   */
  private async apply(doc: TaskDoc, fresh: boolean, conflicts: readonly string[] = []): Promise<void> {
    const id = doc._id;
    this.notePeer(doc);
    const known = this.held.get(id);
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
    if (this.stopping) return;

    const now = Date.now();
    const read = readTask(doc);
    const decision = decide(read, {
      now, processId: this.processId, jobNames: this.options.jobs.names(), takeoverNotBefore: this.takeoverNotBefore(),
      unknownJobMessage: (job) => this.options.jobs.unknownJobMessage(job),
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
        this.options.log(`task ${id} is invalid: ${decision.message}`);
        await this.write(toInvalid(doc, decision.message, now));
        return;
      case 'cancel':
        this.forget(id);
        if ((await this.write(toCanceled(doc))) !== null) this.options.log(`task ${id} canceled`);
        return;
      case 'give-up':
        this.forget(id);
        this.options.log(`task ${id}: ${decision.reason}`);
        await this.write(givenUpOrInvalid(read, decision.reason, now));
        return;
      case 'await-lease':
        this.held.set(id, { doc, dueMs: decision.untilMs, awaitingLease: true });
        this.clock.add(id, decision.untilMs, null);
        return;
      case 'hold': {
        if (decision.dueMs > this.loadedUntil) {
          this.forget(id); // beyond the window: it is loaded again when the window reaches it
          return;
        }
        // Another process's task (see PeerSet) is left to it; one held already (its owner was
        // learned of since) is claimed here only if its owner has not.
        const mine = this.peers.owns(id, now);
        if (!mine && !known) return;
        const task: HeldTask = { doc, dueMs: decision.dueMs, conflicted: conflicts.length > 0 || known?.conflicted === true, peersTurn: !mine };
        this.held.set(id, task);
        const claimAtMs = Math.max(now, this.spread.claimAt(decision.dueMs, this.claimAheadMs()));
        this.clock.add(id, mine ? claimAtMs : claimAtMs + PEER_DEFER_MS, null);
        if (decision.markScheduled && mine) {
          const written = await this.write(toScheduled(doc));
          if (written) task.doc = written;
        }
        return;
      }
    }
  }

  /** The clock says it is time to claim `id`, or to look again at another process's lease on it. */
  private onClock(id: string): void {
    const task = this.held.get(id);
    if (!task) return;
    if (task.awaitingLease) {
      void this.inLane(id, () => this.reconsider(id));
      return;
    }
    this.ready.push({ id, priority: typeof task.doc.priority === 'number' ? task.doc.priority : 0, dueMs: task.dueMs, rank: this.spread.rank(id) });
    // On the next turn, so that all the tasks of one tick are in the queue before the first is taken.
    if (!this.drainQueued) {
      this.drainQueued = true;
      setImmediate(() => this.drainReady());
    }
  }

  /** Claims ready tasks while there are free slots. */
  private drainReady(): void {
    this.drainQueued = false;
    const round: ReadyTask[] = [];
    while (this.active < this.concurrency && this.ready.size > 0 && !this.stopping) {
      const next = this.ready.pop() as ReadyTask;
      if (!this.stillReady(next)) continue;
      this.active += 1;
      round.push(next);
    }
    // The ready order chose which tasks get a slot; their claims are written in id order, so
    // that a batch holds neighbouring ids: CouchDB updates those at about half the cost of
    // ids scattered over the database (docs/COUCHDB.md, "Claims in id order").
    round.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const next of round) {
      void this.inLane(next.id, async () => {
        if (!(await this.claimAndStart(next))) this.releaseSlot();
      });
    }
  }

  /** Whether `ready` is still to be claimed as it was queued: not moved (another date, another process's lease), gone or running since. */
  private stillReady(ready: ReadyTask): boolean {
    const task = this.held.get(ready.id);
    return task !== undefined && !task.run && !task.awaitingLease && task.dueMs === ready.dueMs;
  }

  private releaseSlot(): void {
    this.active -= 1;
    if (this.ready.size > 0 && !this.drainQueued) {
      this.drainQueued = true;
      setImmediate(() => this.drainReady());
    }
  }

  /**
   * Claims a ready task and starts its job; false when the claim did not land or hold. Checks
   * again that it is ready: its lane may have changed it (a feed change, a read) since it was queued.
   */
  private async claimAndStart(ready: ReadyTask): Promise<boolean> {
    const id = ready.id;
    const task = this.held.get(id);
    if (!task || !this.stillReady(ready) || this.stopping) return false;
    const confirming = this.replicas > 1 || task.conflicted === true;
    const readMs = Date.now();
    const mine = this.peers.owns(id, readMs);
    if (!task.peersTurn && !mine) {
      // It fell to a process this one learned of after holding it (processes that start
      // together, or tasks that arrive together, meet before they know each other): that
      // process gets its turn first, as if it had been known.
      task.peersTurn = true;
      this.clock.add(id, readMs + PEER_DEFER_MS, null);
      return false;
    }
    if (!mine && this.feed?.behind) {
      // The owner's outcome may be among the changes not read yet: look again once they are.
      this.clock.add(id, readMs + FEED_YIELD_MS, null);
      return false;
    }
    // On a cluster (and for a task with siblings) every claim is written on the revision every
    // copy holds now; otherwise only another process's task is read first (see PeerSet).
    if ((confirming || !mine) && !(await this.unchangedSinceHeld(id, task))) return false;
    const startMs = Math.max(Date.now(), task.dueMs);
    const claimed = await this.write(toRunning(task.doc, this.newLease(startMs), startMs), this.claimWaitMs(task.dueMs, confirming));
    if (!claimed) return false;
    task.doc = claimed;
    if (confirming && !(await this.claimConfirmed(id, task, Date.now() - readMs))) return false;
    this.startRun(id, task);
    return true;
  }

  /**
   * Whether another process's task is still as we hold it, now that its owner had its turn
   * (see PeerSet). Most often the owner has run it: its `done` does not come through our
   * feed, so we look before writing a claim that would only meet a conflict.
   */
  private async unchangedSinceHeld(id: string, task: HeldTask): Promise<boolean> {
    const read = await this.reader.read(id);
    if (read && read.doc._rev === task.doc._rev) return true;
    await this.decideAgain(id, read);
    return false;
  }

  /**
   * A lease that ran out may only mean its owner could not reach the database. So after an
   * outage this process saw, and after its own start (it cannot know of an outage before),
   * owners get a full lease to renew before a takeover, counted from when they can write
   * again: the database may return up to one retry wait after our last failed attempt, and
   * the owner's own retry may come one retry wait after that.
   */
  private takeoverNotBefore(): number {
    return Math.max(this.startedMs, this.health.lastFailureMs) + 2 * MAX_BACKOFF_MS + this.leaseMs;
  }

  /**
   * How long a claim may wait for other writes to share its request: a while, when its task is
   * due well after the claim and its confirmation can land. Claims made ahead as slots free up
   * (a process whose slots are all taken by claimed tasks waiting for their date) then go with
   * the outcomes that freed the slots, a few requests a second instead of one each.
   */
  private claimWaitMs(dueMs: number, confirming: boolean): number | undefined {
    const slackMs = dueMs - Date.now() - (confirming ? CONFIRM_AFTER_MS : 0);
    return slackMs > CLAIM_SLACK_MS ? UNHURRIED_WRITE_MS : undefined;
  }

  /** On a cluster a claim is also confirmed, a while after it lands: it is written that much earlier. */
  private claimAheadMs(): number {
    return this.replicas > 1 ? CLAIM_AHEAD_MS + CONFIRM_AFTER_MS : CLAIM_AHEAD_MS;
  }

  private newLease(fromMs: number): Lease {
    return { by: this.processId, until: new Date(fromMs + this.leaseMs).toISOString() };
  }

  /**
   * Confirms a claim on a cluster (claim-check.ts): reads every copy once every fresh rival
   * claim has landed (and not before the task is due), and runs only if ours won. A stop
   * ends the wait for the date, not the wait for rivals: a claim is never written on again
   * before it is known to have won.
   */
  private async claimConfirmed(id: string, task: HeldTask, claimTookMs: number): Promise<boolean> {
    const rivalsLandedMs = Date.now() + CONFIRM_AFTER_MS;
    await sleep(Math.max(task.dueMs, rivalsLandedMs) - Date.now(), this.stopSignal.signal);
    if (Date.now() < rivalsLandedMs) await sleep(rivalsLandedMs - Date.now());
    const read = await this.reader.read(id);
    if (!read) {
      this.forget(id);
      return false;
    }
    const verdict = checkClaim(read, this.processId, claimTookMs <= CLAIM_FRESH_MS);
    switch (verdict.kind) {
      case 'held':
        task.doc = read.doc;
        return true;
      case 'won':
        task.doc = read.doc;
        task.conflicted = true;
        this.options.log(`task ${id}: our claim won over ${verdict.losingRevs.length} concurrent revision(s), removed a while after it has run`);
        return true;
      case 'late': {
        // When its lease ends, the task is read again: finished by the rival (our leaf is then
        // removed), or still ours, and taken over (see decide).
        this.options.log(`task ${id}: our claim took ${claimTookMs} ms from its read (over ${CLAIM_FRESH_MS}), and another ` +
          'process claimed it too: leaving it to its lease, in case that one ran it');
        const leaseEndMs = Date.parse(task.doc.lease?.until ?? '') || Date.now() + this.leaseMs;
        this.held.set(id, { doc: read.doc, dueMs: leaseEndMs, awaitingLease: true });
        this.clock.add(id, leaseEndMs, null);
        return false;
      }
      case 'lost':
        await this.apply(read.doc, true, read.conflicts);
        return false;
      case 'superseded':
        this.options.log(`task ${id}: our claim was written on a revision that was no longer the latest (it ran since); withdrawing it`);
        await this.removeLeaf(id, task.doc._rev as string);
        await this.reconsider(id);
        return false;
    }
  }

  /** Deletes a losing leaf revision of a conflicted task (the winning revision stays). */
  private async removeLeaf(id: string, rev: string): Promise<void> {
    await this.writer.write({ _id: id, _rev: rev, _deleted: true } as TaskDoc);
  }

  private startRun(id: string, task: HeldTask): void {
    const abort = new AbortController();
    const run: RunState = { abort, jobStarted: false, settled: Promise.resolve() };
    task.run = run;
    run.settled = (async () => {
      // A stop aborts the runs waiting here for their date, and a run whose claim landed after
      // the stop began does not start: both are handed back. No job starts once a stop has
      // begun, so none can outlive the process with its outcome unwritten.
      if (!this.stopping) await this.dueGate.wait(task.dueMs, abort.signal);
      if (abort.signal.aborted || this.stopping || Date.now() < task.dueMs) {
        await this.dropUnstartedRun(id, task);
        return;
      }
      run.jobStarted = true;
      const doc = task.doc;
      const name = jobName(doc.job);
      const timeoutMs = typeof doc.timeout === 'number' ? doc.timeout : this.options.jobs.defaultTimeout(name);
      const timers: NodeJS.Timeout[] = [
        setInterval(() => {
          if (run.renewing) return;
          run.renewing = true;
          void this.inLane(id, () => this.renewLease(id)).finally(() => { run.renewing = false; });
        }, this.leaseMs / 3),
      ];
      if (timeoutMs !== undefined) {
        timers.push(setTimeout(() => abort.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs));
      }
      const startedMs = Date.now();
      const outcome = await this.options.jobs
        .run({ id, date: doc.date, name, arguments: jobArguments(doc.job), doc, signal: abort.signal })
        .catch((err: unknown): JobOutcome => ({ kind: 'error', message: err instanceof Error ? err.message : String(err) }));
      for (const timer of timers) clearTimeout(timer);
      // The job is over: its slot goes to the next task while the outcome is written.
      this.releaseSlot();
      const finishedMs = Date.now();
      await this.finishing.next();
      await this.inLane(id, () => this.finish(id, outcome, { startedMs, finishedMs, by: this.processId }));
    })();
  }

  /** A run claimed but never started: a stop hands the task back, and a user's change (a cancel, a reschedule) is decided afresh. */
  private async dropUnstartedRun(id: string, task: HeldTask): Promise<void> {
    this.releaseSlot();
    await this.inLane(id, async () => {
      task.run = undefined;
      await (this.stopping ? this.handBack(id) : this.reconsider(id));
    });
  }

  /** Moves this process's lease forward while its job runs, so that no other process takes the task over. */
  private async renewLease(id: string): Promise<void> {
    const task = this.held.get(id);
    if (!task?.run) return;
    for (;;) {
      const next = withFields(task.doc, { lease: this.newLease(Date.now()) });
      const result = await this.writer.write(next, UNHURRIED_WRITE_MS);
      if (result.ok) {
        task.doc = withFields(next, { _rev: result.rev });
        return;
      }
      if (!result.conflict) {
        this.options.log(`task ${id}: the database refused a lease renewal: ${result.reason}`);
        return;
      }
      const read = await this.reader.read(id);
      if (read && isClaimedBy(read.doc, this.processId)) {
        task.doc = read.doc; // a user edited other fields: keep them, renew on top
        continue;
      }
      // Canceled, rescheduled or deleted by a user, or taken over: the finishing write decides what stays.
      task.run.abort.abort(new Error('the task was changed while it ran'));
      return;
    }
  }

  private async finish(id: string, ran: JobOutcome, timing: RunTiming): Promise<void> {
    const task = this.held.get(id);
    if (!task) return;
    let base = task.doc;
    let outcome = ran;
    // A job the stop cut short (its grace period over) is handed back. One that got to its end
    // is recorded: handed back, it would run again.
    const handBack = this.handingBack && outcome.kind === 'error';
    for (;;) {
      const next = handBack ? toHandedBack(base) : finishedOrInvalid(base, outcome, timing);
      const result = await this.writer.write(next, UNHURRIED_WRITE_MS);
      if (result.ok) {
        task.run = undefined;
        const written = withFields(next, { _rev: result.rev });
        task.doc = written;
        this.logOutcome(id, written, outcome, timing, handBack);
        if (!handBack) this.options.onOutcome?.(written, outcome);
        const losersToRemove = task.conflicted === true;
        if (written.status === 'waiting' && !this.stopping) await this.apply(written, true);
        else this.forget(id);
        // Not at once: a copy that gets the removal before our outcome shows the task deleted
        // (a quorum read saw it so, in 2 of 500 tasks). Read again once the outcome has reached
        // every copy; a finished task's losing leaves are removed then (see apply).
        if (losersToRemove) this.later(LOSERS_SETTLE_MS, () => this.inLane(id, () => this.reconsider(id)));
        return;
      }
      if (!result.conflict) {
        if (!handBack && outcome === ran) {
          // A result over the database's document size, say: the run is recorded as failed,
          // without it, so that the task does not stay `running` and run again when its lease ends.
          this.options.log(`task ${id}: the database refused its outcome (${result.reason}); recording the run as failed, without its result`);
          outcome = { kind: 'error', message: `the database refused this run's outcome, so its result was not kept: ${result.reason}` };
          base = withoutResult(base);
          continue;
        }
        task.run = undefined;
        this.forget(id);
        this.options.log(`task ${id}: the database refused its outcome: ${result.reason}; it stays as it is until its lease ends`);
        return;
      }
      const read = await this.reader.read(id);
      if (read && isClaimedBy(read.doc, this.processId)) {
        base = read.doc; // someone edited other fields while it ran: keep their edit, add our outcome
        continue;
      }
      task.run = undefined;
      await this.decideAgain(id, read);
      return;
    }
  }

  private logOutcome(id: string, written: TaskDoc, outcome: JobOutcome, timing: RunTiming, handedBack: boolean): void {
    const took = `${timing.finishedMs - timing.startedMs} ms`;
    const name = jobName(written.job);
    if (handedBack) this.options.log(`task ${id} (${name}) handed back unfinished after ${took}`);
    else if (outcome.kind === 'error') this.options.log(`task ${id} (${name}) failed after ${took}: ${outcome.message}`);
    else this.options.log(`task ${id} (${name}) ${outcome.kind === 'later' ? 'asked to run later' : 'done'} in ${took}` +
      (written.status === 'waiting' ? `; next run ${String(written.date)}` : ''));
  }

  private async handBack(id: string): Promise<void> {
    const task = this.held.get(id);
    if (!task || task.run) return;
    await this.write(toHandedBack(task.doc));
    this.forget(id);
  }

  /** Considers the open tasks due in `range`, a page at a time; returns how many there were. */
  private async load(range: DateRange): Promise<number> {
    let count = 0;
    for await (const page of openTasks(this.options.database, this.options.name, range)) {
      if (this.stopping) break;
      await Promise.all(page.map((doc) => this.consider(doc)));
      count += page.length;
    }
    return count;
  }

  /**
   * Moves the window forward and loads the tasks it now reaches. The first load (at start) reads
   * every open task up to the window's end, the overdue ones and those with an unreadable date
   * included; until it has succeeded, each advance tries it again. After a peer is gone, the
   * whole window is loaded again in the same way (see peerGone).
   */
  private async advanceWindow(): Promise<void> {
    if (this.advancing || this.stopping) return;
    this.advancing = true;
    const first = !this.firstWindowLoaded;
    const reload = !first && this.reloadWanted;
    this.reloadWanted = false;
    const afterMs = this.loadedUntil;
    // Moved first, so that a change arriving while the page loads is held, not skipped.
    this.loadedUntil = Date.now() + this.horizonMs;
    const range: DateRange = first || reload ? { untilMs: this.loadedUntil } : { afterMs, untilMs: this.loadedUntil };
    const fromMs = Date.now();
    let failed = false;
    try {
      const count = first ? await this.untilAvailable('cannot load open tasks', () => this.load(range)) : await this.load(range);
      const took = `${((Date.now() - fromMs) / 1000).toFixed(1)} s`;
      if (first && !this.stopping) {
        this.firstWindowLoaded = true;
        this.options.log(`worker '${this.options.name}' loaded ${count} open task(s) due within ${this.horizonMs / 1000} s in ${took}`);
      }
      if (reload && !this.stopping) this.options.log(`worker '${this.options.name}' loaded ${count} open task(s) again in ${took}`);
    } catch (err) {
      failed = true;
      if (!first) this.loadedUntil = afterMs; // the next advance loads this range again
      if (reload) this.reloadWanted = true;
      if (this.stopping) return;
      if (err instanceof DatabaseUnavailableError) this.health.failed();
      else this.options.log(`loading the ${first || reload ? 'open' : 'next'} tasks failed: ${(err as Error).message}`);
    } finally {
      this.advancing = false;
      // A peer went while this load ran, or the reload failed: load again (soon, not at the next advance).
      if (this.reloadWanted) this.later(failed ? RELOAD_RETRY_MS : 0, () => this.advanceWindow());
    }
  }

  /**
   * A process of this name stopped or went silent (PeerSet): the tasks that fell to it now fall
   * to the others, which never read them (feed-rows.ts). They are in no one's memory, so each
   * process loads the open tasks of its window again and keeps those that are now its own.
   */
  private peerGone(peer: string): void {
    if (this.stopping) return;
    this.options.log(`process ${peer} of worker '${this.options.name}' is gone: loading the open tasks again to take its share`);
    this.reloadWanted = true;
    void this.advanceWindow();
  }

  /**
   * Finds the tasks whose process died while running them, including ones this process never
   * held. One process of a name sweeps, the one the sweep falls to among those it knows (see
   * PeerSet); when it stops, another takes over. On CouchDB every sweep brings the views up to
   * date first, and sweeps from every process mapped most revisions of a run in couchjs
   * (docs/COUCHDB.md).
   */
  private async sweepExpiredLeases(): Promise<void> {
    if (this.sweeping || this.stopping || !this.peers.owns(sweepKey(this.options.name), Date.now())) return;
    this.sweeping = true;
    try {
      const docs = await expiredLeases(this.options.database, this.options.name, Date.now());
      await Promise.all(docs.map((doc) => this.consider(doc)));
    } catch (err) {
      // An unreachable database is reported by the feed; anything else is worth a line.
      if (err instanceof DatabaseUnavailableError) this.health.failed();
      else this.options.log(`lease sweep failed: ${(err as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }

  /**
   * Writes `next` (carrying the `_rev` we read; `waitMs` as in BulkWriter.write). Returns the
   * written document, or null when it did not land: on a conflict the task is read again and
   * decided afresh, so a user's change is never overwritten.
   */
  private async write(next: TaskDoc, waitMs?: number): Promise<TaskDoc | null> {
    const result = await this.writer.write(next, waitMs);
    if (result.ok) return withFields(next, { _rev: result.rev });
    if (result.conflict) {
      await this.reconsider(next._id);
    } else {
      this.options.log(`task ${next._id}: the database refused the update: ${result.reason}`);
      this.forget(next._id);
    }
    return null;
  }

  private async reconsider(id: string): Promise<void> {
    await this.decideAgain(id, await this.reader.read(id));
  }

  /** Decides what a task read just now needs; a task gone from the database is dropped. */
  private async decideAgain(id: string, read: ReadTask | null): Promise<void> {
    if (read) await this.apply(read.doc, true, read.conflicts);
    else this.forget(id);
  }

  /** Runs `action` after `ms`, unless the worker is stopping by then; the timer does not keep the process alive. */
  private later(ms: number, action: () => Promise<void>): void {
    setTimeout(() => {
      if (!this.stopping) void action();
    }, ms).unref();
  }

  private forget(id: string): void {
    this.clock.remove(id);
    this.held.delete(id);
  }

  /** Runs `action` until the database answers, reporting the outage once. */
  private async untilAvailable<T>(what: string, action: () => Promise<T>): Promise<T> {
    const outage = new OutageReporter(this.options.log);
    for (let failures = 1; ; failures += 1) {
      try {
        const value = await action();
        outage.recovered(`${what.replace(/^cannot /, '')}: done`);
        return value;
      } catch (err) {
        if (!(err instanceof DatabaseUnavailableError) || this.stopping) throw err;
        outage.failed(`${what}: ${err.message}`);
        await sleep(backoffDelay(failures), this.stopSignal.signal);
      }
    }
  }
}

/** Whether `work` settled within `ms`. */
async function withinGrace(work: Promise<unknown>, ms: number): Promise<boolean> {
  // The timer goes as soon as the work is done: left running, it kept a stopped worker's process
  // (the library's, which does not exit after a stop) alive for the grace period.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `build()`, or `error` with its reason when a next date cannot be computed (a grid past year
 * 9999). Anything else `build` throws is a fault of the worker's own, met on a document it did
 * not foresee: the task ends `error` saying so, rather than staying `running`.
 */
function orInvalid(doc: TaskDoc, nowMs: number, build: () => TaskDoc): TaskDoc {
  try {
    return build();
  } catch (err) {
    if (err instanceof TaskError) return toInvalid(doc, err.message, nowMs);
    return toInvalid(doc, `the worker could not record this run: ${err instanceof Error ? err.message : String(err)}`, nowMs);
  }
}

/** `doc` without the result of an earlier run. */
function withoutResult(doc: TaskDoc): TaskDoc {
  const { result: _result, ...rest } = doc;
  return rest as TaskDoc;
}

function finishedOrInvalid(doc: TaskDoc, outcome: JobOutcome, timing: RunTiming): TaskDoc {
  return orInvalid(doc, timing.finishedMs, () => toFinished(doc, outcome, timing));
}

function givenUpOrInvalid(task: Task, reason: string, nowMs: number): TaskDoc {
  return orInvalid(task.doc, nowMs, () => toGivenUp(task, reason, nowMs));
}
