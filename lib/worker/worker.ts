// A worker process for one worker name: loads its open tasks, follows `_changes`, holds
// what is due in the tick clock, claims and runs jobs, and writes every outcome back.
// Its work goes intake (intake.ts, window.ts) → decide → act (act.ts), then claim (claim.ts)
// and run (runner.ts) as slots allow (slots.ts), with leases kept by one timer
// (lease-keeper.ts). This file builds the parts, starts and stops them.
//
// Every database action on one task runs in that task's lane (lanes.ts). Several processes
// may serve one worker name (on one machine or many). Each reads and holds the tasks that
// fall to it (peers.ts, feed-rows.ts); a run starts only after its claim has landed and, on a
// cluster, been confirmed (claim.ts). When a process stops or dies, the others load the open
// tasks again and take its share. The database is reached through the store port
// (lib/db/store.ts); time and timers come from the clock (lib/clock/timers.ts).
import { every, realTimers, withinMs, type Clock } from '../clock/timers';
import { TickScheduler } from '../clock/tick-scheduler';
import { untilAvailable } from '../db/retry';
import type { Following, TaskStore } from '../db/store';
import type { JobRegistry } from '../jobs/registry';
import type { JobOutcome } from '../jobs/types';
import type { Log } from '../log';
import type { TaskDoc } from '../task/types';
import { Actions } from './act';
import { Claims } from './claim';
import { AwaitedDependencies } from './awaited-dependencies';
import { CONFIRM_AFTER_MS } from './claim-check';
import type { WorkerContext } from './context';
import { Dependencies, dependenciesToCheck } from './dependencies';
import { DEFAULT_CONCURRENCY, DEFAULT_HORIZON_MS, DEFAULT_LEASE_MS, DEFAULT_STOP_GRACE_MS } from './defaults';
import { HeartbeatKeeper } from './heartbeat-keeper';
import { Intake } from './intake';
import { Lanes } from './lanes';
import { LeaseKeeper } from './lease-keeper';
import { PeerSet } from './peers';
import { newProcessId } from './process-id';
import { Runner } from './runner';
import { TtlSweep, ttlSweepEveryMs } from './ttl-sweep';
import { SlotQueue, type ReadyTask } from './slots';
import { ClaimSpread } from './spread';
import { CLAIM_ROUND_MS, CLAIM_SPREAD_MS, FEED_YIELD_MS } from './timing';
import { Window } from './window';

export { CLAIM_AHEAD_MS, CLAIM_ROUND_MS, CLAIM_SPREAD_MS, FEED_YIELD_MS } from './timing';

export interface WorkerOptions {
  /** The worker name this process serves (the tasks' `worker` field). */
  name: string;
  /** The tasks database (CouchStore on CouchDB's HTTP API). */
  store: TaskStore;
  jobs: JobRegistry;
  log: Log;
  /** How long a graceful stop lets running jobs finish before handing them back. Default 10 s. */
  stopGraceMs?: number;
  /** How long a claim (`lease.until`) lasts; renewed while the job runs. Default 30 s. */
  leaseMs?: number;
  /** Tasks due further away than this are not held in memory until they come closer. Default 10 min. */
  horizonMs?: number;
  /** At most this many jobs (with their claims) at once in this process. Default 1000. */
  concurrency?: number;
  /** Install (true) or remove (false) the database's own refusal of invalid tasks at start; absent keeps it as it is. */
  validateOnWrite?: boolean;
  /** How long a finished task without a `ttl` of its own is kept before this worker deletes it (ms). Default: kept. */
  defaultTtlMs?: number;
  /** Called once a run's outcome is written (not for a run handed back unfinished): `written` is the task as stored. */
  onOutcome?: (written: TaskDoc, outcome: JobOutcome) => void;
  /** The time and the timers. Default: the machine's (Date.now and Node's timers). */
  clock?: Clock;
  /** This process's id (its leases' `by`). Default: a new random one. */
  processId?: string;
}

export class Worker {
  readonly processId: string;
  private readonly context: WorkerContext;
  private readonly heartbeat: HeartbeatKeeper;
  private readonly actions: Actions;
  private readonly claims: Claims;
  private readonly dependencies: Dependencies;
  private readonly slots: SlotQueue;
  private readonly runner: Runner;
  private readonly intake: Intake;
  private readonly window: Window;
  private readonly ttlSweep: TtlSweep;
  private readonly spread = new ClaimSpread(CLAIM_SPREAD_MS, CLAIM_ROUND_MS);
  private readonly stopSignal = new AbortController();
  private feed: Following | null = null;
  private stopSweeps: (() => void) | null = null;
  private stopped: Promise<void> | null = null;

  constructor(private readonly options: WorkerOptions) {
    const time = options.clock ?? realTimers;
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.processId = options.processId ?? newProcessId();
    const context: WorkerContext = this.context = {
      name: options.name, processId: this.processId, store: options.store, time, jobs: options.jobs, log: options.log,
      onOutcome: options.onOutcome, leaseMs, held: new Map(), lanes: new Lanes(options.log),
      ticks: new TickScheduler<null>((id) => this.onClock(id), time),
      // A process that made no claim for a lease is taken to have stopped (or to be idle).
      peers: new PeerSet(this.processId, leaseMs, (peer) => this.window.peerGone(peer), time), awaited: new AwaitedDependencies(),
      replicas: 1, startedMs: time.now(), stopping: false, handingBack: false, stopSignal: this.stopSignal.signal,
    };
    this.heartbeat = new HeartbeatKeeper({
      store: options.store, worker: options.name, processId: this.processId, leaseMs, peers: context.peers, log: options.log, clock: time,
    });
    const claimAt = (dueMs: number): number => this.spread.claimAt(dueMs, this.claims.aheadMs());
    this.actions = new Actions(context, { loadedUntil: () => this.window.loadedUntil, claimAt });
    this.dependencies = new Dependencies(context, this.actions, claimAt);
    this.claims = new Claims(context, this.actions, () => this.feed?.behind === true);
    this.slots = new SlotQueue({
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, time,
      stillReady: (ready) => this.claims.stillReady(ready), closed: () => context.stopping, take: (round) => this.claimRound(round),
    });
    this.runner = new Runner(context, this.actions, new LeaseKeeper(context), () => this.slots.release());
    this.intake = new Intake(context, this.actions, this.heartbeat, this.dependencies);
    this.window = new Window(context, options.horizonMs ?? DEFAULT_HORIZON_MS, (doc) => this.intake.consider(doc));
    this.ttlSweep = new TtlSweep(context, options.defaultTtlMs ?? null);
  }

  /** Tasks this process holds (scheduled or running). */
  get heldCount(): number {
    return this.context.held.size;
  }

  async start(): Promise<void> {
    const { context, options } = this;
    const { store, name, log } = options;
    const retrying = { log, signal: this.stopSignal.signal, clock: context.time };
    context.replicas = (await untilAvailable('cannot prepare the database', () => store.prepare({ validateOnWrite: options.validateOnWrite }), retrying)).replicas;
    const since = await untilAvailable('cannot read the database', () => store.currentSeq(), retrying);
    // After the feed's checkpoint: a peer's heartbeat written before our read of theirs is in
    // that read, and one written after it comes through the feed.
    await untilAvailable('cannot write this process\'s heartbeat', () => this.heartbeat.start(), retrying);
    if (context.stopping) return this.heartbeat.stop(); // stopped while starting (the library's Worker): serve nothing
    this.feed = store.follow({
      since,
      onBatch: (rows) => this.intake.takeRows(rows),
      beforeRequest: () => store.drain(FEED_YIELD_MS, this.stopSignal.signal),
    });
    // Half a lease: a task whose process died is found well within lease + one sweep.
    const leaseSweeps = every(context.time, Math.max(500, context.leaseMs / 2), () => void this.intake.sweepExpiredLeases());
    const ttlSweeps = every(context.time, ttlSweepEveryMs(context.leaseMs), () => void this.ttlSweep.sweep());
    this.stopSweeps = () => { leaseSweeps(); ttlSweeps(); };
    log(`worker '${name}' started on ${store.where} with jobs: ${options.jobs.names().join(', ') || '(none)'}; ` +
      `process ${this.processId}` +
      (context.replicas > 1 ? `; ${context.replicas} copies of each task: claims are confirmed against all of them` : ''));
    // The tasks already in the database are loaded while the feed serves new ones: on CouchDB the
    // first view query indexes every task written since the last one, minutes for a million.
    this.window.open();
  }

  /** Graceful stop: no new work (tasks claimed ahead of their date are handed back); running jobs get the grace period, then are handed back. */
  stop(): Promise<void> {
    this.stopped ??= this.stopGracefully();
    return this.stopped;
  }

  private async stopGracefully(): Promise<void> {
    const { context, options } = this;
    const graceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    const within = (work: Promise<unknown>, ms: number): Promise<boolean> => withinMs(context.time, work, ms);
    context.stopping = true;
    this.stopSignal.abort();
    // What the stop must still write or read (claims in the air, outcomes, hand-backs) must not
    // wait out a backoff begun while the database was away: it may be back by now.
    options.store.hurry();
    this.stopSweeps?.();
    this.window.close();
    await this.feed?.stop();
    context.ticks.stop();
    // Claimed ahead of their date and waiting for it: handed back (see Runner.start).
    for (const task of context.held.values()) {
      if (task.run && !task.run.jobStarted) task.run.abort.abort(new Error('the worker is stopping'));
    }
    // Let decisions already under way (a claim in the air, or being confirmed on a cluster)
    // land before looking at what is held.
    const confirmingMs = context.replicas > 1 ? CONFIRM_AFTER_MS : 0;
    await within(context.lanes.settled(), graceMs + confirmingMs);
    const handBacks: Promise<void>[] = [];
    const runs: Promise<void>[] = [];
    for (const [id, task] of context.held) {
      if (task.run) runs.push(task.run.settled);
      else if (task.doc.status === 'scheduled') handBacks.push(context.lanes.run(id, () => this.actions.handBack(id)));
    }
    await within(Promise.all(handBacks), graceMs);
    if (!(await within(Promise.all(runs), graceMs))) {
      context.handingBack = true;
      for (const task of context.held.values()) task.run?.abort.abort(new Error('the worker is stopping'));
      await within(Promise.all(runs), graceMs);
    }
    // With the database away, a stop cannot wait for it: what is left unwritten is safe to
    // leave (scheduled tasks are held again at the next start, running ones come back when
    // their lease ends).
    if (!(await within(this.heartbeat.stop().then(() => options.store.drain()), graceMs))) {
      options.log(`stopping with ${options.store.pendingWrites} update(s) unwritten: the database is unreachable`);
    }
    options.log(`worker '${options.name}' stopped`);
  }

  /** The clock says it is time to claim `id` (its dependencies checked first), or to look again at another process's lease on it. */
  private onClock(id: string): void {
    const task = this.context.held.get(id);
    if (!task) return;
    if (task.awaitingLease) {
      void this.context.lanes.run(id, () => this.actions.reconsider(id));
      return;
    }
    if (dependenciesToCheck(task)) {
      void this.context.lanes.run(id, () => this.dependencies.check(id));
      return;
    }
    this.slots.push({ id, priority: typeof task.doc.priority === 'number' ? task.doc.priority : 0, dueMs: task.dueMs, rank: this.spread.rank(id) });
  }

  /** Claims a round's tasks, each in its lane; a claim that holds starts its run, one that does not gives its slot back. */
  private claimRound(round: ReadyTask[]): void {
    for (const ready of round) {
      void this.context.lanes.run(ready.id, async () => {
        const task = await this.claims.claim(ready);
        if (task) this.runner.start(ready.id, task);
        else this.slots.release();
      });
    }
  }
}
