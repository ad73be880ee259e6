// The library's client of a tasks database: submit, wait, get, cancel, reschedule, retry, counts.
// The CLI's commands are built on it (lib/cli/commands).
import type { TasksDatabase } from '../db/connection';
import { createTask } from '../db/create-task';
import { setupNeededOr } from '../db/setup-needed';
import { statusCounts, type StatusCounts } from '../db/status-counts';
import { readTask, updateTask } from '../db/update-task';
import type { TaskDoc } from '../task/types';
import { taskNotFound } from './errors';
import { canceledDoc, newTaskDoc, rescheduledDoc, retriedDoc, storedDate, type DateInput, type NewTask } from './task-changes';
import { waitForTask, type WaitOptions } from './wait';

export interface AfterClient {
  /** The database, without the password: `http://after@127.0.0.1:5984/tasks`. */
  readonly where: string;
  /**
   * Checks the task with the rules workers apply and writes it; resolves with its id. A task
   * the rules refuse throws TaskInvalidError with the reason, and nothing is written.
   */
  submit(task: NewTask): Promise<string>;
  /** The task's document once `done`; TaskFailedError when it ends `error` or `canceled` (see WaitOptions). */
  wait(id: string, options?: WaitOptions): Promise<TaskDoc>;
  /** The task's document; TaskNotFoundError for an unknown id. */
  get(id: string): Promise<TaskDoc>;
  /** Asks the task's worker to cancel it; TaskStatusError when it has ended done or error. Resolves with the document written. */
  cancel(id: string): Promise<TaskDoc>;
  /** Moves the task to `date` (a finished task runs again then); TaskInvalidError for a date the rules refuse. */
  reschedule(id: string, date: DateInput): Promise<TaskDoc>;
  /** Runs a task that ended `error` or `canceled` again now, keeping its history; TaskStatusError for any other status. */
  retry(id: string): Promise<TaskDoc>;
  /** Tasks by worker and status: `{ billing: { done: 3, waiting: 1 } }`; only `worker`'s when given. */
  counts(worker?: string): Promise<StatusCounts>;
}

/** A client of `database`. */
export function tasksClient(database: TasksDatabase): AfterClient {
  const changed = async (id: string, change: (doc: TaskDoc) => TaskDoc): Promise<TaskDoc> => {
    const written = await updateTask(database, id, change);
    if (written === null) throw taskNotFound(id, database.where);
    return written;
  };
  return {
    where: database.where,
    async submit(task) {
      const doc = newTaskDoc(task);
      await createTask(database, doc).catch((err: unknown) => { throw setupNeededOr(err, database); });
      return doc._id;
    },
    wait: (id, options) => waitForTask(database, id, options),
    async get(id) {
      const doc = await readTask(database, id);
      if (doc === null) throw taskNotFound(id, database.where);
      return doc;
    },
    cancel: (id) => changed(id, canceledDoc),
    async reschedule(id, date) {
      const stored = storedDate(date);
      return changed(id, (doc) => rescheduledDoc(doc, stored));
    },
    retry: (id) => changed(id, (doc) => retriedDoc(doc, Date.now())),
    counts: (worker) => statusCounts(database, worker),
  };
}
