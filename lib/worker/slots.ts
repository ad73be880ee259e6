// The ready queue and the slots: at most `concurrency` claims and jobs at once. A task whose
// claim time came waits here; a round takes what the free slots allow. A slot is taken in
// `drain` and given back in `release`, the one place that does, which then starts the next round.
import { MinHeap } from '../clock/min-heap';
import type { Clock } from '../clock/timers';

/** A task whose claim time came, waiting for a free slot. */
export interface ReadyTask {
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

export interface SlotQueueOptions {
  concurrency: number;
  time: Clock;
  /** Whether a queued task is still to be claimed as it was queued (see Claims.stillReady). */
  stillReady: (ready: ReadyTask) => boolean;
  /** No new round while this says so (a stop). */
  closed: () => boolean;
  /** Takes a round's tasks, each holding a slot until `release`. */
  take: (round: ReadyTask[]) => void;
}

export class SlotQueue {
  private readonly ready = new MinHeap<ReadyTask>(readyBefore);
  /** Claims in the air and jobs running: what `concurrency` bounds. */
  private active = 0;
  private drainQueued = false;

  constructor(private readonly options: SlotQueueOptions) {}

  /** Slots taken. */
  get taken(): number {
    return this.active;
  }

  /** Queues `task`; rounds are taken on the next turn, so that all the tasks of one tick are in the queue before the first is taken. */
  push(task: ReadyTask): void {
    this.ready.push(task);
    this.queueDrain();
  }

  /** Gives a slot back: a claim failed, a run was dropped before its start, or a job ended. */
  release(): void {
    this.active -= 1;
    if (this.ready.size > 0) this.queueDrain();
  }

  private queueDrain(): void {
    if (this.drainQueued) return;
    this.drainQueued = true;
    this.options.time.setImmediate(() => this.drain());
  }

  private drain(): void {
    this.drainQueued = false;
    const round: ReadyTask[] = [];
    while (this.active < this.options.concurrency && this.ready.size > 0 && !this.options.closed()) {
      const next = this.ready.pop() as ReadyTask;
      if (!this.options.stillReady(next)) continue;
      this.active += 1;
      round.push(next);
    }
    // The ready order chose which tasks get a slot; their claims are written in id order, so
    // that a batch holds neighbouring ids: CouchDB updates those at about half the cost of
    // ids scattered over the database (docs/COUCHDB.md, "Claims in id order").
    round.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (round.length > 0) this.options.take(round);
  }
}
