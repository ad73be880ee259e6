// The running tasks of a worker whose lease has ended: their process stopped answering.
// Read from the running_by_lease view by key range, so the sweep costs what it finds, not
// what the database holds.
import type { TasksDatabase } from './connection';
import { VIEWS } from './design-doc';
import { classifyDatabaseError } from './errors';
import type { TaskDoc } from '../task/types';

/** At most this many per sweep; the next sweep takes the rest. */
export const EXPIRED_LEASES_PAGE = 1000;

export async function expiredLeases(database: TasksDatabase, worker: string, nowMs: number): Promise<TaskDoc[]> {
  try {
    const page = await database.db.view('after', VIEWS.runningByLease, {
      include_docs: true,
      limit: EXPIRED_LEASES_PAGE,
      startkey: [worker],
      endkey: [worker, nowMs],
    });
    return page.rows.map((row) => row.doc).filter((doc): doc is TaskDoc & { _rev: string } => Boolean(doc));
  } catch (err) {
    throw classifyDatabaseError(err, database.where);
  }
}
