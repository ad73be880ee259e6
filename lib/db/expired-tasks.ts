// The finished tasks of a worker whose ttl has run out: with a ttl of their own, their end plus
// it is past; without one, with the worker's default ttl, their end is that long ago. Read from
// the worker_keys view's 'expiry' family by key range, so the sweep costs what it finds, not what the
// database holds. A task whose end is not known (a final status a user wrote) sorts first in
// its range (null): the sweep stamps its end (see lib/worker/ttl-sweep.ts).
import type { TasksDatabase } from './connection';
import { VIEWS, WORKER_KEYS } from './design-doc';
import { classifyDatabaseError } from './errors';
import type { TaskDoc } from '../task/types';

/** At most this many of each kind per sweep; the next sweep takes the rest. */
export const EXPIRED_TASKS_PAGE = 1000;

/** What the worker keeps: its default ttl (ms) for the tasks without one of their own, null for none (kept). */
export interface ExpiryCutoffs {
  nowMs: number;
  defaultTtlMs: number | null;
}

/** The key ranges of the view that hold the expired tasks of `worker` at `cutoffs`. */
export function expiredRanges(worker: string, cutoffs: ExpiryCutoffs): Array<{ startkey: unknown[]; endkey: unknown[] }> {
  const family = WORKER_KEYS.expiry;
  const ranges = [{ startkey: [family, worker, 'ttl'], endkey: [family, worker, 'ttl', cutoffs.nowMs] }];
  if (cutoffs.defaultTtlMs !== null) ranges.push({ startkey: [family, worker, 'default'], endkey: [family, worker, 'default', cutoffs.nowMs - cutoffs.defaultTtlMs] });
  return ranges;
}

export async function expiredTasks(database: TasksDatabase, worker: string, cutoffs: ExpiryCutoffs): Promise<TaskDoc[]> {
  try {
    const pages = await Promise.all(expiredRanges(worker, cutoffs).map((range) => database.db.view('after', VIEWS.workerKeys, {
      ...range, include_docs: true, conflicts: true, limit: EXPIRED_TASKS_PAGE,
    })));
    return pages.flatMap((page) => page.rows.map((row) => row.doc)).filter((doc): doc is TaskDoc & { _rev: string } => Boolean(doc));
  } catch (err) {
    throw classifyDatabaseError(err, database.where);
  }
}
