// What a chaos run found, from the job events and the tasks' final documents (pure).
import { FINAL_STATUSES, type TaskStatus } from '../../lib/task/types';
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

/** What is wrong with one task. */
export type Finding = 'lost' | 'doubled' | 'stuck';

interface Verdict {
  findings: Finding[];
  rerunAfterCrash: boolean;
}

export const isFinal = (status: string | undefined): boolean => FINAL_STATUSES.includes(status as TaskStatus);

function endsById(events: JobEvent[]): Map<string, JobEvent[]> {
  const ends = new Map<string, JobEvent[]>();
  for (const event of events) {
    if (event.event !== 'end') continue;
    ends.set(event.id, [...(ends.get(event.id) ?? []), event]);
  }
  return ends;
}

function verdict(status: string | undefined, finished: JobEvent[], killedPids: Set<number>): Verdict {
  const findings: Finding[] = [];
  if (finished.length === 0 && status !== 'done') findings.push('lost');
  const rerunAfterCrash = finished.length > 1 && finished.slice(0, -1).every((run) => killedPids.has(run.pid));
  if (finished.length > 1 && !rerunAfterCrash) findings.push('doubled');
  if (!isFinal(status)) findings.push('stuck');
  return { findings, rerunAfterCrash };
}

function verdicts(ids: string[], finalStatus: Map<string, string | undefined>, events: JobEvent[], killedPids: Set<number>): Map<string, Verdict> {
  const ends = endsById(events);
  return new Map(ids.map((id) => [id, verdict(finalStatus.get(id), ends.get(id) ?? [], killedPids)]));
}

export function chaosReport(ids: string[], finalStatus: Map<string, string | undefined>, events: JobEvent[], killedPids: Set<number>): ChaosReport {
  const all = [...verdicts(ids, finalStatus, events, killedPids).values()];
  const count = (finding: Finding): number => all.filter((one) => one.findings.includes(finding)).length;
  return {
    tasks: ids.length,
    lost: count('lost'),
    doubled: count('doubled'),
    stuck: count('stuck'),
    rerunAfterCrash: all.filter((one) => one.rerunAfterCrash).length,
  };
}

/** The tasks with something to report, each with what was found, in the order of `ids`. */
export function tasksFound(ids: string[], finalStatus: Map<string, string | undefined>, events: JobEvent[], killedPids: Set<number>): Map<string, Finding[]> {
  const found = new Map<string, Finding[]>();
  for (const [id, { findings }] of verdicts(ids, finalStatus, events, killedPids)) {
    if (findings.length > 0) found.set(id, findings);
  }
  return found;
}
