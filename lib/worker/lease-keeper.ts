// Keeps the leases of the jobs this process runs: one timer for all of them (as BullMQ's
// LockManager keeps its locks). Each lease is renewed every third of a lease from its job's
// start; as every lease waits as long, the renewals fall due in the order they were queued,
// and the timer is set for the first.
import { withFields } from '../task/copy';
import { withChainProgress } from './chain-progress';
import { isClaimedBy } from './claim-check';
import { newLease, type WorkerContext } from './context';
import { UNHURRIED_WRITE_MS } from './timing';

interface Kept {
  /** When its next renewal is due (epoch ms). */
  dueMs: number;
  /** A renewal is queued or in the air: during an outage, renewals must not pile up behind it. */
  renewing: boolean;
}

export class LeaseKeeper {
  /** The tasks whose jobs run, in the order their renewals fall due. */
  private readonly running = new Map<string, Kept>();
  private timer: unknown = null;
  private timerAtMs = Infinity;

  constructor(private readonly context: WorkerContext) {}

  /** `id`'s job has started: its lease is renewed until `release`. */
  keep(id: string): void {
    this.running.set(id, { dueMs: this.context.time.now() + this.everyMs, renewing: false });
    this.arm();
  }

  /** `id`'s job has ended. */
  release(id: string): void {
    this.running.delete(id);
    if (this.running.size === 0) this.disarm();
  }

  private get everyMs(): number {
    return this.context.leaseMs / 3;
  }

  /** Sets the timer for the first renewal due, unless it is set for then already. */
  private arm(): void {
    const first = this.running.values().next().value as Kept | undefined;
    if (first === undefined || first.dueMs === this.timerAtMs) return;
    this.disarm();
    this.timerAtMs = first.dueMs;
    this.timer = this.context.time.setTimeout(() => this.renewDue(), Math.max(0, first.dueMs - this.context.time.now()));
  }

  private disarm(): void {
    if (this.timer !== null) this.context.time.clearTimeout(this.timer);
    this.timer = null;
    this.timerAtMs = Infinity;
  }

  private renewDue(): void {
    this.timer = null;
    this.timerAtMs = Infinity;
    const nowMs = this.context.time.now();
    for (const [id, kept] of this.running) {
      if (kept.dueMs > nowMs) break;
      // To the end of the queue, due a third of a lease from now.
      this.running.delete(id);
      this.running.set(id, kept);
      kept.dueMs = nowMs + this.everyMs;
      if (kept.renewing) continue;
      kept.renewing = true;
      void this.context.lanes.run(id, () => this.renew(id)).finally(() => { kept.renewing = false; });
    }
    this.arm();
  }

  /** Moves this process's lease forward while its job runs, so that no other process takes the task over. */
  private async renew(id: string): Promise<void> {
    const { context } = this;
    const task = context.held.get(id);
    if (!task?.run) return;
    for (;;) {
      // A chain's renewal records how far it has got, for a run taken over to resume there.
      const progress = task.run.progress;
      const current = progress === undefined ? task.doc : withChainProgress(task.doc, progress);
      const next = withFields(current, { lease: newLease(context, context.time.now()) });
      const result = await context.store.write(next, UNHURRIED_WRITE_MS);
      if (result.ok) {
        task.doc = withFields(next, { _rev: result.rev });
        return;
      }
      if (!result.conflict) {
        context.log(`task ${id}: the database refused a lease renewal: ${result.reason}`);
        return;
      }
      const read = await context.store.read(id, 'every-leaf');
      if (read && isClaimedBy(read.doc, context.processId)) {
        task.doc = read.doc; // a user edited other fields: keep them, renew on top
        continue;
      }
      // Canceled, rescheduled or deleted by a user, or taken over: the finishing write decides what stays.
      task.run.abort.abort(new Error('the task was changed while it ran'));
      return;
    }
  }
}
