// Tells a user that a worker name has open tasks but no live process to run them (a typo in
// `worker`, or a worker not started): they would otherwise wait in silence. Which processes live
// is read from their heartbeats (lib/db/heartbeats.ts liveProcessCounts).

/** The warning line (without `after: `) for `worker`'s open tasks when none of its processes is alive. */
export function noLiveProcessWarning(worker: string, openTasks: number): string {
  const tasks = openTasks === 1 ? 'its open task waits' : `its ${openTasks} open tasks wait`;
  return `no live process of worker '${worker}' has been seen (no heartbeat): ${tasks} until one starts (after start ${worker})`;
}
