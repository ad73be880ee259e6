// The package root: `import { connect, Worker } from 'after'` (or require). The library's
// client of a tasks database, its in-process worker, their errors and the task's types.
export { connect, type ConnectOptions } from './api/connect';
export type { AfterClient } from './api/client';
export type { WaitOptions } from './api/wait';
export type { DateInput, NewTask } from './api/task-changes';
export { Worker, type JobFunction, type WorkerEvent, type WorkerEvents, type WorkerListener, type WorkerOptions } from './api/worker';
export { TaskFailedError, TaskInvalidError, TaskNotFoundError, TaskStatusError, WaitTimeoutError } from './api/errors';
export { ConfigError } from './config/errors';
export { DatabaseRefusedError, DatabaseUnavailableError } from './db/errors';
export { SetupNeededError } from './db/setup-needed';
export { TaskDeletedError } from './db/follow-task';
export { JobsFolderError } from './jobs/errors';
export { TaskError } from './task/errors';
export type { JobTask } from './jobs/job-task';
export type { StatusCounts } from './db/status-counts';
export type { JobField, Lease, RetrySpec, RunRecord, TaskDoc, TaskStatus, TaskError as TaskErrorField } from './task/types';
