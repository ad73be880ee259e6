// What a chaos run found, from the job events and the tasks' final documents (pure).
import type { JobEvent } from './chaos-jobs';

export interface ChaosReport {
  tasks: number;
  /** Never ran to its end and is not `done`. */
  lost: number;
  /** Ran to its end twice while the process of the earlier run was never killed. */
  doubled: number;
  /** Not in a final status when the run ended. */
  stuck: number;
  /** Ran again because the process of an earlier run was killed (at-least-once across crashes). */
  rerunAfterCrash: number;
}

export function chaosReport(ids: string[], finalStatus: Map<string, string | undefined>, events: JobEvent[], killedPids: Set<number>): ChaosReport {
  const ends = new Map<string, JobEvent[]>();
  for (const event of events) {
    if (event.event !== 'end') continue;
    ends.set(event.id, [...(ends.get(event.id) ?? []), event]);
  }
  let lost = 0;
  let doubled = 0;
  let stuck = 0;
  let rerunAfterCrash = 0;
  for (const id of ids) {
    const status = finalStatus.get(id);
    const finished = ends.get(id) ?? [];
    if (status !== 'done' && status !== 'error' && status !== 'canceled') stuck += 1;
    if (finished.length === 0 && status !== 'done') lost += 1;
    if (finished.length > 1) {
      const earlier = finished.slice(0, -1);
      if (earlier.every((run) => killedPids.has(run.pid))) rerunAfterCrash += 1;
      else doubled += 1;
    }
  }
  return { tasks: ids.length, lost, doubled, stuck, rerunAfterCrash };
}
