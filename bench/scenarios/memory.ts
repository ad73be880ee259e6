// 5. memory: the memory of a worker process while many tasks are pending one day out, and
// what each pending task costs as their number grows by tens up to 1,000,000; then what a
// task costs once it is held (due within the worker's horizon). Each figure comes from a
// fresh worker started once the tasks are in the database, measured after a full GC.
import path from 'node:path';
import { MemoryProbe, type MemorySample } from '../support/memory-probe';
import { peakRssBytes } from '../support/process-memory';
import type { Measurement, RunResult, Scenario, ScenarioContext } from '../support/scenario';
import { doneTimeoutMs, openScenarioRun, WORKER_NAME, type ScenarioRun } from '../support/scenario-run';
import { DoneLog } from '../support/done-log';
import { noopTask, postTasks } from '../support/task-poster';
import { exitedWorker } from '../support/worker-processes';

const DAY_MS = 86_400_000;
/** The pending tasks' dates spread over this hour, one day out. */
const PENDING_SPREAD_MS = 3_600_000;
/** Held tasks: due in five minutes (within the default 10-minute horizon), spread over one. */
const HELD_TASKS = 10_000;
const HELD_IN_MS = 300_000;
const HELD_SPREAD_MS = 60_000;
const MB = 1024 * 1024;

interface WorkerMemory {
  memory: MemorySample;
  peakRssBytes: number;
  /** From spawning the process to its "started" line: it serves new tasks from then on. */
  startSeconds: number;
  /** From spawning the process to its line saying it loaded the open tasks already in the database. */
  loadSeconds: number;
  /** A task due now, posted once the worker said it started (while it loads): from its posting to its `done`. */
  newTaskSeconds: number;
  /** The tasks it said it loaded: those due within its horizon. */
  loaded: number;
}

export const memory: Scenario = {
  name: 'memory',
  title: 'worker RSS with tasks pending one day out as they grow, and the cost of a task held in memory',
  async run(context: ScenarioContext): Promise<RunResult> {
    const probe = new MemoryProbe(path.join(context.dir, 'memory-probe'));
    const pending = await measurePending(context, probe);
    return { measurements: [...pending, ...(await measureHeld(context, probe))] };
  },
};

async function measurePending(context: ScenarioContext, probe: MemoryProbe): Promise<Measurement[]> {
  const run = await openScenarioRun(context, 'memory');
  try {
    const baseline = await measureWorker(context, run, probe, 0);
    const measurements: Measurement[] = [
      { figure: 'RSS, 0 pending', unit: 'MB', value: baseline.memory.rssBytes / MB },
      { figure: 'heap used, 0 pending', unit: 'MB', value: baseline.memory.heapUsedBytes / MB },
    ];
    let posted = 0;
    const dueFromMs = Date.now() + DAY_MS;
    for (const size of pendingSizes(context.pending)) {
      context.progress(`  ${size} pending: posting`);
      await postTasks(context.couch.client, run.db.db, size - posted, () => noopTask(WORKER_NAME, dueFromMs + Math.floor(Math.random() * PENDING_SPREAD_MS)));
      posted = size;
      context.progress(`  ${size} pending: starting a worker`);
      const measured = await measureWorker(context, run, probe, size);
      const label = countLabel(size);
      measurements.push(
        { figure: `RSS, ${label} pending`, unit: 'MB', value: measured.memory.rssBytes / MB },
        { figure: `heap per pending task, ${label}`, unit: 'bytes', value: (measured.memory.heapUsedBytes - baseline.memory.heapUsedBytes) / size },
        { figure: `peak RSS, ${label} pending`, unit: 'MB', value: measured.peakRssBytes / MB },
        { figure: `tasks loaded at start, ${label} pending`, unit: 'tasks', value: measured.loaded },
        { figure: `worker start to "started", ${label} pending`, unit: 's', value: measured.startSeconds },
        { figure: `worker start to its open tasks loaded, ${label} pending`, unit: 's', value: measured.loadSeconds },
        { figure: `a task due now, posted at "started": done after, ${label} pending`, unit: 's', value: measured.newTaskSeconds },
      );
    }
    return measurements;
  } finally {
    await run.close();
  }
}

async function measureHeld(context: ScenarioContext, probe: MemoryProbe): Promise<Measurement[]> {
  const tasks = Math.round(HELD_TASKS * context.scale);
  const label = countLabel(tasks);
  const run = await openScenarioRun(context, 'memory_held');
  try {
    const baseline = await measureWorker(context, run, probe, 0);
    const dueFromMs = Date.now() + HELD_IN_MS;
    context.progress(`  ${tasks} held: posting`);
    await postTasks(context.couch.client, run.db.db, tasks, () => noopTask(WORKER_NAME, dueFromMs + Math.floor(Math.random() * HELD_SPREAD_MS)));
    context.progress(`  ${tasks} held: starting a worker`);
    const measured = await measureWorker(context, run, probe, tasks);
    return [
      { figure: `RSS, ${label} held`, unit: 'MB', value: measured.memory.rssBytes / MB },
      { figure: `heap per held task, ${label}`, unit: 'bytes', value: (measured.memory.heapUsedBytes - baseline.memory.heapUsedBytes) / tasks },
      { figure: `tasks loaded at start, ${label} held`, unit: 'tasks', value: measured.loaded },
      { figure: `worker start to "started", ${label} held`, unit: 's', value: measured.startSeconds },
      { figure: `worker start to its open tasks loaded, ${label} held`, unit: 's', value: measured.loadSeconds },
      { figure: `a task due now, posted at "started": done after, ${label} held`, unit: 's', value: measured.newTaskSeconds },
    ];
  } finally {
    await run.close();
  }
}

/** Lets the writes a start-up load sets off (`scheduled`) land before measuring. */
const SETTLE_MS = 3000;

/**
 * Starts a worker, posts a task due now once it says it started, waits until it has loaded the
 * open tasks already there, measures it after a full GC, then stops it gracefully. Not killed:
 * the next worker would take it for a live peer until its heartbeat ran out, and leave that
 * peer's share of new tasks to it for 5 s first (see PeerSet). The task posted at "started"
 * is in the count of loaded tasks when the load read it.
 */
async function measureWorker(context: ScenarioContext, run: ScenarioRun, probe: MemoryProbe, tasksInDatabase: number): Promise<WorkerMemory> {
  const startMs = Date.now();
  const [worker] = await run.startWorkers(1, { startTimeoutMs: doneTimeoutMs(tasksInDatabase), env: probe.env() });
  // Served while the tasks already there are loaded (on CouchDB, indexed first).
  const postedMs = Date.now();
  await postTasks(context.couch.client, run.db.db, 1, () => noopTask(WORKER_NAME, postedMs));
  const newTaskDoneMs = await new DoneLog([worker.logFile], 1).waitForAll(doneTimeoutMs(1), () => exitedWorker([worker]));
  const loaded = await worker.waitLoaded(doneTimeoutMs(tasksInDatabase));
  const startSeconds = ((worker.startedAtMs as number) - startMs) / 1000;
  const loadSeconds = ((worker.loadedAtMs as number) - startMs) / 1000;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const memory = await probe.sample(worker.pid);
  const peak = peakRssBytes(worker.pid);
  await worker.stop();
  return { memory, peakRssBytes: peak, startSeconds, loadSeconds, newTaskSeconds: (newTaskDoneMs - postedMs) / 1000, loaded };
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
