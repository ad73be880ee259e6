// Failures of the command line itself; each message is one line saying what was wrong and what is accepted.

/** A task followed with `submit --wait` ended `error` or `canceled`. Exit code 1. */
export class TaskNotDoneError extends Error {
  override name = 'TaskNotDoneError';
}

/** `submit --wait --timeout` ran out before the task ended. Exit code 1. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}
