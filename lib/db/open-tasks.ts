// Loads a worker's open tasks in pages from the design document's view.
// Views (like _find) return a bounded page; we page by key so no task is missed however many there are.
import type { TasksDatabase } from './connection';
import { VIEWS, WORKER_KEYS } from './design-doc';
import { classifyDatabaseError } from './errors';
import type { TaskDoc } from '../task/types';

/** Rows per request: large enough to amortise the request, small enough to keep memory flat. */
export const OPEN_TASKS_PAGE = 1000;

/** ['open', worker, date in epoch ms (null when unreadable), task id]: unique, so pages follow by key. */
type ViewKey = [typeof WORKER_KEYS.open, string, number | null, string];

interface ViewRow {
  id: string;
  key: ViewKey;
  doc?: TaskDoc | null;
}

/** Which dates to load: from (exclusive) and until (inclusive), epoch ms; no bound when absent. */
export interface DateRange {
  afterMs?: number;
  untilMs?: number;
}

/**
 * Yields the open tasks of `worker` due in `range`, a page at a time, in date order, as of
 * the first page: the caller follows `_changes` from a checkpoint taken before it starts. Tasks
 * whose date cannot be read have a null date in their key, which sorts first: they come
 * with the first range.
 */
export async function* openTasks(database: TasksDatabase, worker: string, range: DateRange = {}, pageSize = OPEN_TASKS_PAGE): AsyncGenerator<TaskDoc[]> {
  // {} sorts after every id: ['open', worker, ms, {}] follows every key of that date.
  const family = WORKER_KEYS.open;
  const endkey = range.untilMs === undefined ? [family, worker, {}] : [family, worker, range.untilMs, {}];
  let startkey: unknown[] = range.afterMs === undefined ? [family, worker] : [family, worker, range.afterMs, {}];
  let previous: string | null = null;
  for (;;) {
    // The next page starts at the last key read, included: a `skip=1` past it would skip
    // another task when that row has left the view meanwhile (its task done since), which
    // is what a worker catching up does to the rows it has just loaded.
    let rows: ViewRow[];
    try {
      // `stable`: on a cluster, every page reads the same copy of each shard, the one the first
      // page brought up to date (without it, a page could read a copy whose index lags).
      const params: Record<string, unknown> = { include_docs: true, limit: pageSize, startkey, endkey, stable: true };
      // The first page brings the index up to date; the next ones read it as it is (`stale=ok`,
      // on PouchDB and CouchDB 3) instead of indexing again what the tasks just loaded have
      // become meanwhile. Nothing is missed: every change after the caller's feed checkpoint
      // reaches it through the feed, and each row comes with the document as it is now.
      if (previous !== null) params.stale = 'ok';
      const page = await database.db.view('after', VIEWS.workerKeys, params);
      rows = page.rows as unknown as ViewRow[];
    } catch (err) {
      throw classifyDatabaseError(err, database.where);
    }
    const fresh = rows.filter((row) => row.id !== previous);
    const docs = fresh.map((row) => row.doc).filter((doc): doc is TaskDoc => Boolean(doc));
    if (docs.length > 0) yield docs;
    if (rows.length < pageSize || fresh.length === 0) return;
    const last = rows[rows.length - 1];
    startkey = last.key;
    previous = last.id;
  }
}

/** The database's current update sequence: an opaque value to follow `_changes` from. */
export async function currentSeq(database: TasksDatabase): Promise<string | number> {
  try {
    const info = await database.db.info();
    return info.update_seq as string | number;
  } catch (err) {
    throw classifyDatabaseError(err, database.where);
  }
}
