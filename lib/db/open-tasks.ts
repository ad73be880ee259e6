// Loads a worker's open tasks in pages from the design document's view.
// Views (like _find) return a bounded page; we page by key so no task is missed however many there are.
import type { TasksDatabase } from './connection';
import { VIEWS } from './design-doc';
import { classifyDatabaseError } from './errors';
import type { TaskDoc } from '../task/types';

/** Rows per request: large enough to amortise the request, small enough to keep memory flat. */
export const OPEN_TASKS_PAGE = 1000;

type ViewKey = [string, number | null];

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
 * Yields the open tasks of `worker` due in `range`, a page at a time, in date order. Tasks
 * whose date cannot be read have a null key, which sorts first: they come with the first range.
 */
export async function* openTasks(database: TasksDatabase, worker: string, range: DateRange = {}, pageSize = OPEN_TASKS_PAGE): AsyncGenerator<TaskDoc[]> {
  let after: { key: ViewKey; id: string } | null = null;
  // The highest key for a date: [worker, ms] sorts before [worker, ms, anything].
  const endkey = range.untilMs === undefined ? [worker, {}] : [worker, range.untilMs, {}];
  const startkey = range.afterMs === undefined ? [worker] : [worker, range.afterMs, {}];
  for (;;) {
    const params: Record<string, unknown> = {
      include_docs: true,
      limit: pageSize,
      startkey: after ? after.key : startkey,
      endkey,
    };
    if (after) {
      params.startkey_docid = after.id;
      params.skip = 1;
    }
    let rows: ViewRow[];
    try {
      const page = await database.db.view('after', VIEWS.openByWorkerDate, params);
      rows = page.rows as unknown as ViewRow[];
    } catch (err) {
      throw classifyDatabaseError(err, database.where);
    }
    const docs = rows.map((row) => row.doc).filter((doc): doc is TaskDoc => Boolean(doc));
    if (docs.length > 0) yield docs;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = { key: last.key, id: last.id };
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
