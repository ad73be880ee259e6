// Runs a job function from jobs/index.js. The run settles on the first of: emit('done'),
// emit('error'), the returned promise settling, a synchronous throw, a synchronous
// non-undefined return value, or the signal aborting. Anything after that is ignored.
import { JobTask } from './job-task';
import { abortedOutcome, doneOutcome, errorOutcome } from './outcome';
import type { JobInput, JobOutcome } from './types';

/** A job as exported by jobs/index.js. */
export type ModuleJobFunction = (task: JobTask) => unknown;

/** Never rejects: every failure is an `error` outcome. */
export function runModuleJob(job: ModuleJobFunction, input: JobInput): Promise<JobOutcome> {
  const { name, signal } = input;
  if (signal.aborted) return Promise.resolve(abortedOutcome(name, signal));

  return new Promise<JobOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: () => JobOutcome): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve(outcome());
    };
    const onAbort = (): void => settle(() => abortedOutcome(name, signal));
    signal.addEventListener('abort', onAbort, { once: true });

    let task: JobTask;
    try {
      task = new JobTask(input);
    } catch (err) {
      settle(() => errorOutcome(err));
      return;
    }
    task.on('done', (result?: unknown) => settle(() => doneOutcome(name, result)));
    // This listener also keeps emit('error') from throwing inside the job.
    task.on('error', (failure?: unknown) => settle(() => errorOutcome(failure)));

    let returned: unknown;
    try {
      returned = job(task);
    } catch (err) {
      settle(() => errorOutcome(err));
      return;
    }
    if (isThenable(returned)) {
      // Handlers are attached even when already settled, so a late rejection is never unhandled.
      try {
        returned.then(
          (result) => settle(() => doneOutcome(name, result)),
          (failure) => settle(() => errorOutcome(failure)),
        );
      } catch (err) {
        settle(() => errorOutcome(err));
      }
    } else if (returned !== undefined) {
      settle(() => doneOutcome(name, returned));
    }
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null &&
    typeof (value as { then?: unknown }).then === 'function';
}
