// Keeps the leases of the jobs this process runs: one timer for all of them (as BullMQ's
// LockManager keeps its locks). Each tick, every sixth of a lease, renews in its task's lane
// each lease written a third of a lease ago or more, so a lease is renewed between a third and
// a half of it after the last write, and a job shorter than a third of a lease is never renewed.
import { every } from '../clock/timers';
import { withFields } from '../task/copy';
import { isClaimedBy } from './claim-check';
import { newLease, type WorkerContext } from './context';
import { UNHURRIED_WRITE_MS } from './timing';

export class LeaseKeeper {
  /** The tasks whose jobs run, and whether a renewal of each is queued or in the air (during an outage renewals must not pile up). */
  private readonly running = new Map<string, { renewing: boolean; sinceMs: number }>();
  private stopTimer: (() => void) | null = null;

  constructor(private readonly context: WorkerContext) {}

  /** `id`'s job has started: its lease is renewed until `release`. */
  keep(id: string): void {
    this.running.set(id, { renewing: false, sinceMs: this.context.time.now() });
    this.stopTimer ??= every(this.context.time, this.context.leaseMs / 6, () => this.renewAll());
  }

  /** `id`'s job has ended. */
  release(id: string): void {
    this.running.delete(id);
    if (this.running.size === 0 && this.stopTimer) {
      this.stopTimer();
      this.stopTimer = null;
    }
  }

  private renewAll(): void {
    const nowMs = this.context.time.now();
    for (const [id, state] of this.running) {
      if (state.renewing || nowMs - state.sinceMs < this.context.leaseMs / 3) continue;
      state.renewing = true;
      state.sinceMs = nowMs;
      void this.context.lanes.run(id, () => this.renew(id)).finally(() => { state.renewing = false; });
    }
  }

  /** Moves this process's lease forward while its job runs, so that no other process takes the task over. */
  private async renew(id: string): Promise<void> {
    const { context } = this;
    const task = context.held.get(id);
    if (!task?.run) return;
    for (;;) {
      const next = withFields(task.doc, { lease: newLease(context, context.time.now()) });
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
