// Stores a new task under an id chosen by the client, so that sending it again after a lost
// reply cannot make a second task: the retry gets 409, which means the first write landed.
import type { TasksDatabase } from './connection';
import { classifyDatabaseError, isConflict, isTransient } from './errors';
import { backoffDelay, sleep } from './retry';
import type { TaskDoc } from '../task/types';

/** Attempts at most, for failures that may pass (no reply, 5xx), before reporting the last one. */
export const CREATE_ATTEMPTS = 4;

/** PUTs `doc` (which carries its `_id`); resolves once it is stored. */
export async function createTask(database: TasksDatabase, doc: TaskDoc): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await database.db.insert(doc, doc._id);
      return;
    } catch (err) {
      // A conflict on a fresh id after a failed attempt is our own earlier write.
      if (attempt > 1 && isConflict(err)) return;
      if (!isTransient(err) || attempt === CREATE_ATTEMPTS) throw classifyDatabaseError(err, database.where);
      await sleep(backoffDelay(attempt));
    }
  }
}
