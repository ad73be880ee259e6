// 5. memory: the resident memory of a worker process while many tasks are pending one day
// out, and what each pending task costs as their number grows by tens up to 1,000,000.
// Each size is measured on a fresh worker started once the tasks are in the database.
import type { Measurement, RunResult, Scenario, ScenarioContext } from '../support/scenario';
import { doneTimeoutMs, openScenarioRun, WORKER_NAME, type ScenarioRun } from '../support/scenario-run';
import { noopTask, postTasks } from '../support/task-poster';
import { settledMemory, type ProcessMemory } from '../support/process-memory';

const DAY_MS = 86_400_000;
/** The pending tasks' dates spread over this hour, one day out. */
const SPREAD_MS = 3_600_000;
const MB = 1024 * 1024;

interface WorkerMemory {
  memory: ProcessMemory;
  /** From spawning the process to its "started" line (its start-up load included). */
  startSeconds: number;
  /** The tasks it said it loaded: those due within its horizon. */
  loaded: number;
}

export const memory: Scenario = {
  name: 'memory',
  title: 'worker RSS with tasks pending one day out, and the cost per pending task as they grow',
  async run(context: ScenarioContext): Promise<RunResult> {
    const sizes = pendingSizes(context.pending);
    const run = await openScenarioRun(context, 'memory');
    try {
      const baseline = await measureWorker(run, 0);
      const measurements: Measurement[] = [{ figure: 'worker RSS, 0 pending', unit: 'MB', value: baseline.memory.rssBytes / MB }];
      let posted = 0;
      const dueFromMs = Date.now() + DAY_MS;
      for (const size of sizes) {
        context.progress(`  ${size} pending: posting`);
        await postTasks(context.couch.client, run.db.db, size - posted, () => noopTask(WORKER_NAME, dueFromMs + Math.floor(Math.random() * SPREAD_MS)));
        posted = size;
        context.progress(`  ${size} pending: starting a worker`);
        const measured = await measureWorker(run, size);
        const label = countLabel(size);
        measurements.push(
          { figure: `worker RSS, ${label} pending`, unit: 'MB', value: measured.memory.rssBytes / MB },
          { figure: `per pending task, ${label}`, unit: 'bytes', value: (measured.memory.rssBytes - baseline.memory.rssBytes) / size },
          { figure: `peak RSS, ${label} pending`, unit: 'MB', value: measured.memory.peakRssBytes / MB },
          { figure: `tasks loaded at start, ${label} pending`, unit: 'tasks', value: measured.loaded },
          { figure: `worker start to "started", ${label} pending`, unit: 's', value: measured.startSeconds },
        );
      }
      return { measurements };
    } finally {
      await run.close();
    }
  },
};

/**
 * Starts a worker, waits until it has started (its start-up load done) and its RSS has
 * settled, then kills it: a graceful stop would hand every held task back (one write each),
 * and a killed worker leaves them as they are for the next one.
 */
async function measureWorker(run: ScenarioRun, pending: number): Promise<WorkerMemory> {
  const startMs = Date.now();
  const [worker] = await run.startWorkers(1, doneTimeoutMs(pending));
  const startSeconds = ((worker.startedAtMs as number) - startMs) / 1000;
  const memory = await settledMemory(worker.pid);
  await worker.kill();
  return { memory, startSeconds, loaded: worker.loadedTasks as number };
}

/** 1k → 10k → 100k → 1M for 1,000,000: the largest and the three tenfold steps below it. */
export function pendingSizes(largest: number): number[] {
  return [largest / 1000, largest / 100, largest / 10, largest].map(Math.round).filter((size) => size >= 1);
}

function countLabel(count: number): string {
  if (count >= 1_000_000 && count % 1_000_000 === 0) return `${count / 1_000_000}M`;
  if (count >= 1000 && count % 1000 === 0) return `${count / 1000}k`;
  return String(count);
}
