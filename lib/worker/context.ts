// What the parts of a worker process share: the tasks it holds, their lanes, the store, the
// clock, and the process's state. The Worker (worker.ts) makes one and hands it to each part.
import { unref, type Clock } from '../clock/timers';
import type { TickScheduler } from '../clock/tick-scheduler';
import type { TaskStore } from '../db/store';
import type { JobRegistry } from '../jobs/registry';
import type { JobOutcome } from '../jobs/types';
import type { Lease, TaskDoc } from '../task/types';
import type { AwaitedDependencies } from './awaited-dependencies';
import type { ChainProgress } from './chain-progress';
import type { Lanes } from './lanes';
import type { PeerSet } from './peers';

export interface RunState {
  abort: AbortController;
  /** The job has been called. Until then (the claim is written ahead of the date) a user's change stops the run. */
  jobStarted: boolean;
  /** Resolves once the outcome is written (or handed back). */
  settled: Promise<void>;
  /** A chain's run: how far it has got (lease renewals record it). */
  progress?: ChainProgress;
}

export interface HeldTask {
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
  /** Its dependencies (`depends_on`) are being checked, or waited for: a change of one checks them again (dependencies.ts). */
  awaitingDependencies?: boolean;
  /** Its dependencies were all `done` when checked: it may be claimed. */
  dependenciesMet?: boolean;
}

export interface WorkerContext {
  /** The worker name served. */
  readonly name: string;
  readonly processId: string;
  readonly store: TaskStore;
  readonly time: Clock;
  readonly jobs: JobRegistry;
  readonly log: (line: string) => void;
  readonly onOutcome: ((written: TaskDoc, outcome: JobOutcome) => void) | undefined;
  readonly leaseMs: number;
  readonly held: Map<string, HeldTask>;
  readonly lanes: Lanes;
  /** Holds each task until its claim time, or until another process's lease ends. */
  readonly ticks: TickScheduler<null>;
  readonly peers: PeerSet;
  /** The tasks that held tasks wait on (`depends_on`), of any worker name. */
  readonly awaited: AwaitedDependencies;
  /** Copies of each document the database keeps: more than one, and claims are confirmed (see claim.ts). */
  replicas: number;
  /** Epoch ms of the start. */
  readonly startedMs: number;
  /** A stop has begun: no new work. */
  stopping: boolean;
  /** A stop's grace period ended: unfinished runs are handed back instead of recorded. */
  handingBack: boolean;
  /** Aborts when the stop begins: waits that a stop ends. */
  readonly stopSignal: AbortSignal;
}

export function newLease(context: WorkerContext, fromMs: number): Lease {
  return { by: context.processId, until: new Date(fromMs + context.leaseMs).toISOString() };
}

/** Runs `action` after `ms`, unless the worker is stopping by then; the timer does not keep the process alive. */
export function later(context: WorkerContext, ms: number, action: () => Promise<void>): void {
  unref(context.time.setTimeout(() => {
    if (!context.stopping) void action();
  }, ms));
}

