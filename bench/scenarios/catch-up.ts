// 6. catch-up: 100,000 tasks overdue (posted while no worker ran, due at random moments of
// the past hour) when the worker starts: time from starting `after start` until all are done.
import type { RunResult, Scenario, ScenarioContext } from '../support/scenario';
import { doneTimeoutMs, openScenarioRun, WORKER_NAME } from '../support/scenario-run';
import { checkStarts } from '../support/starts-check';
import { noopTask, postTasks } from '../support/task-poster';

const TASKS = 100_000;
const PAST_MS = 3_600_000;
/** The "started" line comes once the start-up load is over, which may be after the last done. */
const LOADED_LINE_TIMEOUT_MS = 60_000;

export const catchUp: Scenario = {
  name: 'catch-up',
  title: '100,000 overdue tasks when the worker starts: start to last done',
  async run(context: ScenarioContext): Promise<RunResult> {
    const tasks = Math.round(TASKS * context.scale);
    const run = await openScenarioRun(context, 'catch-up');
    try {
      const fromMs = Date.now() - PAST_MS;
      await postTasks(context.couch.client, run.db.db, tasks, () => noopTask(WORKER_NAME, fromMs + Math.floor(Math.random() * PAST_MS)));
      const startMs = Date.now();
      const worker = run.spawnWorker();
      const lastDoneMs = await run.waitForDone(tasks, doneTimeoutMs(tasks));
      await worker.waitLoaded(LOADED_LINE_TIMEOUT_MS);
      const starts = checkStarts(await run.stopAndReadStarts(), tasks);
      const seconds = (lastDoneMs - startMs) / 1000;
      return {
        measurements: [
          { figure: 'worker start to last done', unit: 's', value: seconds },
          { figure: 'tasks/s', unit: 'tasks/s', value: tasks / seconds },
          { figure: 'worker start to its "started" line', unit: 's', value: ((worker.startedAtMs as number) - startMs) / 1000 },
          { figure: 'worker start to its open tasks loaded', unit: 's', value: ((worker.loadedAtMs as number) - startMs) / 1000 },
          { figure: 'started twice', unit: 'tasks', value: starts.repeated },
        ],
      };
    } finally {
      await run.close();
    }
  },
};
