// The library's client of a tasks database (AfterClient): submit, wait, get, cancel,
// reschedule, retry, counts. The CLI's commands are built on it (lib/cli/commands).
import { parseCouchUrl } from '../config/config';
import { connect, type TasksDatabase } from '../db/connection';
import { createTask } from '../db/create-task';
import { setupNeededOr } from '../db/setup-needed';
import { statusCounts } from '../db/status-counts';
import { readTask, updateTask } from '../db/update-task';
import type { TaskDoc } from '../task/types';
import { taskNotFound } from './errors';
import { canceledDoc, newTaskDoc, rescheduledDoc, retriedDoc, storedDate } from './task-changes';
import type { AfterClient, ConnectOptions } from './types';
import { waitForTask } from './wait';

/** The database the options name (ConfigError for a URL that is none); nothing is sent yet. */
export function databaseOf(options: ConnectOptions): TasksDatabase {
  return connect({ ...parseCouchUrl(options.url, 'option url'), db: options.db ?? 'tasks' });
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
