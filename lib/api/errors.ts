// The errors of the library (and of the commands built on it): one class per thing a caller
// may want to tell apart, each with a one-line message that quotes the value concerned.
import { TaskError } from '../task/errors';
import type { TaskDoc, TaskStatus } from '../task/types';

/**
 * The task rules refuse a task before anything is written (the reason a worker would write
 * into `error.message`), or a date given to reschedule. A TaskError, as the rules throw.
 */
export class TaskInvalidError extends TaskError {
  override name = 'TaskInvalidError';
}

/** No task has this id in the database (or it was deleted). */
export class TaskNotFoundError extends Error {
  override name = 'TaskNotFoundError';
  constructor(message: string, readonly id: string) {
    super(message);
  }
}

/** `where`: the database, without a password (TasksDatabase's `where`). */
export function taskNotFound(id: string, where: string): TaskNotFoundError {
  return new TaskNotFoundError(`no task '${id}' in database ${where}`, id);
}

/** An error about one task: `task` is its document, as last read. */
export abstract class TaskDocError extends Error {
  constructor(message: string, readonly task: TaskDoc) {
    super(message);
  }
}

/** The task's status does not allow what was asked: canceling a finished task, retrying an open one. */
export class TaskStatusError extends TaskDocError {
  override name = 'TaskStatusError';

  get status(): TaskStatus {
    return this.task.status ?? 'waiting';
  }
}

/** A task ended `error` (the message carries its `error.message`) or `canceled`. */
export class TaskFailedError extends TaskDocError {
  override name = 'TaskFailedError';
}

/** A wait ran out before the task ended; the task stays in the database as it is. */
export class WaitTimeoutError extends TaskDocError {
  override name = 'WaitTimeoutError';
}
