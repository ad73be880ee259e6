// `after submit --wait`: follows the new task to its end and turns the end into an outcome.
import type { TasksDatabase } from '../db/connection';
import type { Seq } from '../db/changes-request';
import { followTask } from '../db/follow-task';
import { TaskNotDoneError, WaitTimeoutError } from './errors';

/**
 * The task's `result` once it is done (null when the job returned nothing). Throws
 * TaskNotDoneError when it ends in error or canceled, WaitTimeoutError after `timeoutSeconds`.
 */
export async function waitForTask(
  database: TasksDatabase,
  id: string,
  since: Seq,
  timeoutSeconds: number | undefined,
): Promise<unknown> {
  const signal = timeoutSeconds === undefined ? undefined : AbortSignal.timeout(timeoutSeconds * 1000);
  const log = (line: string): void => { process.stderr.write(`after: ${line}\n`); };
  const { finished, last } = await followTask(database, id, { since, signal, log });
  if (!finished || !last) {
    const status = last?.status ?? 'waiting';
    throw new WaitTimeoutError(`task ${id} did not finish within ${timeoutSeconds} s (--timeout); it is ${status} and stays in the database`);
  }
  if (last.status === 'error') throw new TaskNotDoneError(`task ${id} failed: ${last.error?.message ?? 'no error message'}`);
  if (last.status === 'canceled') throw new TaskNotDoneError(`task ${id} was canceled`);
  return last.result ?? null;
}
