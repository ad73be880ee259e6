// Reads one task again after a conflict: the latest revision, or null when it was deleted.
import type { TasksDatabase } from './connection';
import { classifyDatabaseError, DatabaseUnavailableError, isNotFound } from './errors';
import { backoffDelay, sleep } from './retry';
import type { TaskDoc } from '../task/types';

export async function readTask(database: TasksDatabase, id: string, signal?: AbortSignal): Promise<TaskDoc | null> {
  for (let failures = 0; ; failures += 1) {
    try {
      return await database.db.get(id);
    } catch (err) {
      if (isNotFound(err)) return null;
      const problem = classifyDatabaseError(err, database.where);
      if (!(problem instanceof DatabaseUnavailableError) || signal?.aborted) throw problem;
      await sleep(backoffDelay(failures + 1), signal);
    }
  }
}
