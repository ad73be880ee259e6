// Follows a task to its end (done, error or canceled) and turns the end into an outcome: the
// finished document, or a typed error. `after submit --wait` and the library's wait share it.
import type { TasksDatabase } from '../db/connection';
import { followTask } from '../db/follow-task';
import { currentSeq } from '../db/open-tasks';
import { setupNeededOr } from '../db/setup-needed';
import { readTask } from '../db/update-task';
import { FINAL_STATUSES, type TaskDoc } from '../task/types';
import { TaskFailedError, taskNotFound, TaskStatusError, WaitTimeoutError } from './errors';
import type { WaitOptions } from './types';

/** A repeat whose series ends by itself: one with `until` or `limit`. */
function endsItself(repeat: unknown): boolean {
  if (typeof repeat !== 'object' || repeat === null) return false;
  const own = (key: string): boolean => Object.prototype.hasOwnProperty.call(repeat, key);
  return own('until') || own('limit');
}

/**
 * The task's document once it is `done`. Rejects with TaskFailedError when it ends `error` or
 * `canceled`, WaitTimeoutError after `timeoutMs`, TaskNotFoundError for an unknown id, and
 * TaskStatusError for a repeating task that has not ended (it goes back to waiting after each
 * run) and whose repeat has neither `until` nor `limit`.
 */
export async function waitForTask(database: TasksDatabase, id: string, options: WaitOptions = {}): Promise<TaskDoc> {
  // The seq is taken before the read, so that no revision after the read can be missed.
  const since = await currentSeq(database).catch((err: unknown) => { throw setupNeededOr(err, database); });
  let last = await readTask(database, id);
  if (last === null) throw taskNotFound(id, database.where);
  if (!isFinal(last)) {
    if (last.repeat !== undefined && !endsItself(last.repeat)) {
      throw new TaskStatusError(`task ${id} repeats, so it does not end after a run: there is nothing to wait for (it ends only when canceled, or with repeat.until or repeat.limit)`, last);
    }
    const stop = new AbortController();
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => stop.abort(), options.timeoutMs);
    const onAbort = (): void => stop.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) stop.abort();
    try {
      const followed = await followTask(database, id, { since, signal: stop.signal, log: options.log ?? (() => {}) });
      last = followed.last ?? last;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
    if (options.signal?.aborted) throw options.signal.reason;
    if (!isFinal(last)) {
      throw new WaitTimeoutError(`task ${id} did not finish within ${(options.timeoutMs ?? 0) / 1000} s; it is ${last.status ?? 'waiting'} and stays in the database`, last);
    }
  }
  if (last.status === 'error') throw new TaskFailedError(`task ${id} failed: ${last.error?.message ?? 'no error message'}`, last);
  if (last.status === 'canceled') {
    // Canceled by its worker because a dependency failed (`depends_on`): `error` says which.
    const why = last.error?.dependency !== undefined ? `: ${last.error.message}` : '';
    throw new TaskFailedError(`task ${id} was canceled${why}`, last);
  }
  return last;
}

function isFinal(doc: TaskDoc): boolean {
  return FINAL_STATUSES.includes(doc.status ?? 'waiting');
}
