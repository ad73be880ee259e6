// Tells a user that a worker name has open tasks but no live process to run them (a typo in
// `worker`, or a worker not started): they would otherwise wait in silence.
import type { TasksDatabase } from '../db/connection';
import { liveProcessCount } from '../db/heartbeats';

/** The warning line (without `after: `) when no process of `worker` is alive; null when one is. */
export async function noLiveProcessWarning(database: TasksDatabase, worker: string, openTasks: number): Promise<string | null> {
  if ((await liveProcessCount(database, worker)) > 0) return null;
  const tasks = openTasks === 1 ? 'its open task waits' : `its ${openTasks} open tasks wait`;
  return `no live process of worker '${worker}' has been seen (no heartbeat): ${tasks} until one starts (after start ${worker})`;
}
