// Timeliness as users see it: a worker process is running, tasks with dates a few seconds
// ahead are posted, and each start is compared with its task's date.
import type { ScenarioContext } from './scenario';
import { doneTimeoutMs, openScenarioRun, WORKER_NAME, type WorkerOptions } from './scenario-run';
import { checkStarts, type StartsReport } from './starts-check';
import { noopTask, postTasks } from './task-poster';

/**
 * How far ahead the first date is: posting and the worker's `scheduled` writes (some
 * thousands a second each) must be over before the first task is due, or the figures would
 * measure the backlog instead of the clock.
 */
export function leadMs(tasks: number): number {
  return 3000 + tasks * 0.5;
}

export interface DatedResult {
  /** The first whole second any task is due (epoch ms). */
  firstDueMs: number;
  lastDoneMs: number;
  starts: StartsReport;
}

/** Posts `tasks` tasks, the i-th due at `dateOf(i, firstDueMs)`, and waits until all are done. */
export async function runDated(context: ScenarioContext, label: string, tasks: number, dateOf: (index: number, firstDueMs: number) => number, workerOptions: WorkerOptions = {}): Promise<DatedResult> {
  const run = await openScenarioRun(context, label);
  try {
    await run.startWorkers(1, workerOptions);
    const firstDueMs = Math.ceil((Date.now() + leadMs(tasks)) / 1000) * 1000;
    const posted = await postTasks(context.couch.client, run.db.db, tasks, (i) => noopTask(WORKER_NAME, dateOf(i, firstDueMs)));
    if (posted.lastAnswerMs > firstDueMs - 1000) {
      throw new Error(`posting ${tasks} tasks ended ${posted.lastAnswerMs - firstDueMs + 1000} ms too late for the first due time: the server is slower than this scenario's lead assumes`);
    }
    const lastDoneMs = await run.waitForDone(tasks, firstDueMs - Date.now() + doneTimeoutMs(tasks));
    const starts = checkStarts(await run.stopAndReadStarts(), tasks);
    return { firstDueMs, lastDoneMs, starts };
  } finally {
    await run.close();
  }
}
