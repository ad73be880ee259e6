// Reads one task and writes a change to it with the `_rev` it read. A 409 means someone wrote
// in between (a worker, a user): the task is read again and the change decided afresh, so
// that nobody's write is overwritten.
import type { TasksDatabase } from './connection';
import { putTask } from './create-task';
import { DatabaseRefusedError, statusCodeOf } from './errors';
import { setupNeededOr } from './setup-needed';
import type { TaskDoc } from '../task/types';

/** Reads and writes at most this many times when others keep writing the task in between. */
export const UPDATE_ROUNDS = 20;

/** The task, or null when the database has no document of that id (or it was deleted). */
export async function readTask(database: TasksDatabase, id: string): Promise<TaskDoc | null> {
  try {
    return await database.db.get(id);
  } catch (err) {
    // A missing database is 404 too, with another reason: setupNeededOr says so.
    const reason = (err as { reason?: unknown } | null)?.reason;
    if (statusCodeOf(err) === 404 && (reason === 'missing' || reason === 'deleted')) return null;
    throw setupNeededOr(err, database);
  }
}

/**
 * `change` gets the task as read and returns what to write, or the same object to write
 * nothing; it may throw to refuse. Resolves with the task as written (or left), or null when
 * there is no such task.
 */
export async function updateTask(database: TasksDatabase, id: string, change: (doc: TaskDoc) => TaskDoc): Promise<TaskDoc | null> {
  for (let round = 1; ; round += 1) {
    const doc = await readTask(database, id);
    if (doc === null) return null;
    const next = change(doc);
    if (next === doc) return doc;
    const put = await putTask(database, next);
    if (put.ok) return { ...next, _rev: put.rev };
    if (round === UPDATE_ROUNDS) {
      throw new DatabaseRefusedError(`task ${id} was written by others ${UPDATE_ROUNDS} times while this change was tried; try again`, 409);
    }
  }
}
