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

/** The task's status does not allow what was asked: canceling a finished task, retrying an open one. */
export class TaskStatusError extends Error {
  override name = 'TaskStatusError';
  constructor(message: string, readonly task: TaskDoc) {
    super(message);
  }

  get status(): TaskStatus {
    return this.task.status ?? 'waiting';
  }
}

/** A task ended `error` (the message carries its `error.message`) or `canceled`; `task` is its document. */
export class TaskFailedError extends Error {
  override name = 'TaskFailedError';
  constructor(message: string, readonly task: TaskDoc) {
    super(message);
  }
}

/** A wait ran out before the task ended; the task stays in the database as it is. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
  constructor(message: string, readonly task: TaskDoc) {
    super(message);
  }
}
