// The library's public types that touch no database code: the package's .d.ts reaches only
// these (and the task's types), so a TypeScript user compiles against them alone.
import type { StatusCounts, TaskDoc } from '../task/types';
import type { DateInput, NewTask } from './task-changes';

export interface ConnectOptions {
  /** The CouchDB server (or `after db`), with its credentials: `http://after:after@127.0.0.1:5984`. */
  url: string;
  /** The tasks database. Default `tasks`. */
  db?: string;
}

export interface WaitOptions {
  /** Give up waiting after this many milliseconds: WaitTimeoutError (the task stays as it is). Default: no limit. */
  timeoutMs?: number;
  /** Stop waiting when it aborts: the wait rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Told when the database goes away while waiting, and when it is back. */
  log?: (line: string) => void;
}

/** A client of one tasks database (`connect`). */
export interface AfterClient {
  /** The database, without the password: `http://after@127.0.0.1:5984/tasks`. */
  readonly where: string;
  /**
   * Checks the task with the rules workers apply and writes it; resolves with its id. A task
   * the rules refuse throws TaskInvalidError with the reason, and nothing is written.
   */
  submit(task: NewTask): Promise<string>;
  /**
   * The task's document once it is `done`. Rejects with TaskFailedError when it ends `error`
   * or `canceled` (its message carries `error.message`), WaitTimeoutError after `timeoutMs`,
   * TaskNotFoundError for an unknown id, TaskStatusError for a repeating task that has not ended
   * and has neither `repeat.until` nor `repeat.limit` (one with either ends `done`).
   */
  wait(id: string, options?: WaitOptions): Promise<TaskDoc>;
  /** The task's document; TaskNotFoundError for an unknown id. */
  get(id: string): Promise<TaskDoc>;
  /**
   * Writes `status: cancel`, which the task's worker turns into `canceled` (aborting a running
   * job). A task already `cancel` or `canceled` is left as it is; one that ended `done` or
   * `error` throws TaskStatusError. Resolves with the document as written (or left).
   */
  cancel(id: string): Promise<TaskDoc>;
  /**
   * Writes `status: reschedule` with the new date; a repeating task's grid starts again there.
   * A task that ended (done, error, canceled) runs again then, with fresh `attempts` and `fails`.
   * TaskInvalidError for a date the rules refuse.
   */
  reschedule(id: string, date: DateInput): Promise<TaskDoc>;
  /**
   * Runs a task that ended `error` or `canceled` again now: `status: waiting`, fresh `attempts`
   * and `fails`, its `runs`, `history` and last `error` kept. TaskStatusError for any other status.
   */
  retry(id: string): Promise<TaskDoc>;
  /** Tasks by worker and status: `{ billing: { done: 3, waiting: 1 } }`; only `worker`'s when given. */
  counts(worker?: string): Promise<StatusCounts>;
}
