// The package root: `import { connect, Worker } from 'after'` (or require). The library's
// client of a tasks database, its in-process worker, their errors and the task's types.
// Its declarations reach no database code (see lib/api/types.ts).
export { connect } from './api/connect';
export type { AfterClient, ConnectOptions, WaitOptions } from './api/types';
export type { DateInput, NewTask } from './api/task-changes';
export { Worker, type JobFunction, type WorkerEvent, type WorkerEvents, type WorkerListener, type WorkerOptions } from './api/worker';
export { TaskFailedError, TaskInvalidError, TaskNotFoundError, TaskStatusError, WaitTimeoutError } from './api/errors';
export { ConfigError } from './config/errors';
export { DatabaseRefusedError, DatabaseUnavailableError, SetupNeededError, TaskDeletedError } from './db/errors';
export { JobsFolderError } from './jobs/errors';
export { TaskError } from './task/errors';
export type { JobTask } from './jobs/job-task';
export type { ChainStep, DelaySpec, JobField, Lease, RepeatField, RepeatObject, RetrySpec, RunRecord, StatusCounts, TaskDoc, TaskStatus, TaskError as TaskErrorField } from './task/types';
