// Task counts by worker and status, from the design document's `by_worker_status` view
// (reduce `_count`, grouped by its [worker, status] key).
import type { TasksDatabase } from './connection';
import { VIEWS } from './design-doc';
import { setupNeededOr } from './setup-needed';
import type { StatusCounts } from '../task/types';

interface CountRow {
  key: [string, string];
  value: number;
}

/** Counts for every worker, or only for `worker`. Throws SetupNeededError when the view is missing. */
export async function statusCounts(database: TasksDatabase, worker?: string): Promise<StatusCounts> {
  const params: Record<string, unknown> = { group: true };
  if (worker !== undefined) {
    params.startkey = [worker];
    params.endkey = [worker, {}];
  }
  let rows: CountRow[];
  try {
    rows = (await database.db.view('after', VIEWS.byWorkerStatus, params)).rows as unknown as CountRow[];
  } catch (err) {
    throw setupNeededOr(err, database);
  }
  const counts: StatusCounts = {};
  for (const { key: [name, status], value } of rows) {
    (counts[name] ??= {})[status] = value;
  }
  return counts;
}
