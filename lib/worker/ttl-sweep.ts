// The ttl sweep: deletes the finished tasks of this worker name whose ttl ran out
// (docs/ARCHITECTURE.md, "Finished tasks and their ttl"), whether or not a process held them:
// they are found in the final_by_worker_expiry view (store.expiredTasks), a page per kind and
// sweep. Each deletion is written on the revision read, through the batching writer; a 409
// means someone wrote since (a reschedule, a retry): that task is left, and seen again at the
// next sweep if it is still due. One process of a name sweeps, as for leases (sweepKey), every
// two leases (a minute by default), the first two leases after start: a ttl is hours or days,
// and a sweep's view query makes the database index every task written since the last one,
// work kept out of a worker's start and its bursts (docs/ARCHITECTURE.md).
import { DatabaseUnavailableError } from '../db/errors';
import { withConflictsApart } from '../db/batch-reader';
import type { ExpiryCutoffs } from '../db/store';
import { messageOf } from '../log';
import type { WorkerContext } from './context';
import { expiryVerdict, toDeleted, toEndStamped } from './expiry';
import { sweepKey } from './peers';
import { UNHURRIED_WRITE_MS } from './timing';

/** How often the ttl sweep runs for a lease of `leaseMs`: two leases, at least a second. */
export function ttlSweepEveryMs(leaseMs: number): number {
  return Math.max(1000, 2 * leaseMs);
}

export class TtlSweep {
  private sweeping = false;

  /** `defaultTtlMs`: how long this worker keeps a finished task without a ttl of its own; null keeps it. */
  constructor(private readonly context: WorkerContext, private readonly defaultTtlMs: number | null) {}

  async sweep(): Promise<void> {
    const { context } = this;
    const nowMs = context.time.now();
    if (this.sweeping || context.stopping || !context.peers.owns(sweepKey(context.name), nowMs)) return;
    this.sweeping = true;
    try {
      const cutoffs: ExpiryCutoffs = { nowMs, defaultTtlMs: this.defaultTtlMs };
      const found = await context.store.expiredTasks(context.name, cutoffs);
      const deleted = await Promise.all(found.map((stored) => this.expire(stored, cutoffs)));
      const count = deleted.filter(Boolean).length;
      if (count > 0) context.log(`deleted ${count} finished task(s) whose ttl ran out`);
    } catch (err) {
      // An unreachable database is reported by the feed and noted by the store; anything else is worth a line.
      if (!(err instanceof DatabaseUnavailableError)) context.log(`ttl sweep failed: ${messageOf(err)}`);
    } finally {
      this.sweeping = false;
    }
  }

  /** Deletes (true) or stamps the end of one task found, as its verdict says. */
  private async expire(stored: Parameters<typeof withConflictsApart>[0], cutoffs: ExpiryCutoffs): Promise<boolean> {
    const { doc, conflicts } = withConflictsApart(stored);
    const verdict = expiryVerdict(doc, conflicts, this.context.name, cutoffs);
    if (verdict === 'keep') return false;
    const result = await this.context.store.write(verdict === 'delete' ? toDeleted(doc) : toEndStamped(doc, cutoffs.nowMs), UNHURRIED_WRITE_MS);
    if (!result.ok && !result.conflict) this.context.log(`task ${doc._id}: the database refused the ttl sweep's update: ${result.reason}`);
    return verdict === 'delete' && result.ok;
  }
}
