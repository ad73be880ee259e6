// Writes one task document with a PUT: a new task under an id chosen by the client, or a change
// to a task with the `_rev` it was read at. Failures that may pass (no reply, 5xx) are tried
// again; sending a new task again after a lost reply cannot make a second task: the retry
// gets 409, which means the first write landed.
import type { TasksDatabase } from './connection';
import { classifyDatabaseError, isConflict, isTransient } from './errors';
import { backoffDelay, sleep } from './retry';
import type { TaskDoc } from '../task/types';

/** Attempts at most, for failures that may pass (no reply, 5xx), before reporting the last one. */
export const CREATE_ATTEMPTS = 4;

export type PutOutcome =
  | { ok: true; rev: string }
  /** 409: the id is taken, or the `_rev` is not the latest. `retried`: an earlier attempt got no answer, and may have landed. */
  | { ok: false; conflict: unknown; retried: boolean };

/** PUTs `doc` (which carries its `_id`, and its `_rev` when it changes a task); throws what classifyDatabaseError makes of other failures. */
export async function putTask(database: TasksDatabase, doc: TaskDoc): Promise<PutOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const written = await database.db.insert(doc, doc._id);
      return { ok: true, rev: written.rev };
    } catch (err) {
      if (isConflict(err)) return { ok: false, conflict: err, retried: attempt > 1 };
      if (!isTransient(err) || attempt === CREATE_ATTEMPTS) throw classifyDatabaseError(err, database.where);
      await sleep(backoffDelay(attempt));
    }
  }
}

/** Stores a new task (`doc` carries its `_id`); resolves once it is stored. */
export async function createTask(database: TasksDatabase, doc: TaskDoc): Promise<void> {
  const put = await putTask(database, doc);
  // A conflict on a fresh id after a failed attempt is our own earlier write.
  if (!put.ok && !put.retried) throw classifyDatabaseError(put.conflict, database.where);
}
