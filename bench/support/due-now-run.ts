// Throughput as users see it: worker processes are running, N tasks due now are posted in
// _bulk_docs batches, and the clock runs from the first POST to the moment the database
// acknowledged the last task's `done` (as the worker logs it).
import type { ScenarioContext } from './scenario';
import { doneTimeoutMs, openScenarioRun, WORKER_NAME } from './scenario-run';
import { checkStarts, type StartsReport } from './starts-check';
import { noopTask, postTasks } from './task-poster';

export interface DueNowResult {
  tasksPerSecond: number;
  seconds: number;
  starts: StartsReport;
}

export interface DueNowOptions {
  /** Once the workers have stopped, let the server finish this run's background work (see ScenarioRun.settle). */
  settle?: boolean;
}

export async function runDueNow(context: ScenarioContext, label: string, processes: number, tasks: number, options: DueNowOptions = {}): Promise<DueNowResult> {
  const run = await openScenarioRun(context, label);
  try {
    await run.startWorkers(processes);
    const posted = await postTasks(context.couch.client, run.db.db, tasks, () => noopTask(WORKER_NAME, Date.now()));
    const lastDoneMs = await run.waitForDone(tasks, doneTimeoutMs(tasks));
    const seconds = (lastDoneMs - posted.firstPostMs) / 1000;
    const starts = checkStarts(await run.stopAndReadStarts(), tasks);
    if (options.settle === true && !(await run.settle())) context.progress(`  ${label}: the server was still compacting or indexing two minutes after the run; going on`);
    return { tasksPerSecond: tasks / seconds, seconds, starts };
  } finally {
    await run.close();
  }
}
