// What a worker does with a task document it sees: pure, no I/O, unit-tested on its own.
import { taskDateMs, taskWindowMs } from '../task/rules';
import type { Task } from '../task/task';
import { isChain, stepLabel } from '../task/chain';
import { FINAL_STATUSES, jobName, type JobField } from '../task/types';
import { unknownJobMessage } from '../jobs/messages';
import { attemptsLeft, maxAttemptsReason } from './retry-policy';

/** A task further away than this is marked `scheduled` when a worker takes it; a nearer one goes straight to `running`. */
export const MARK_SCHEDULED_AFTER_MS = 1000;

export type Decision =
  /** Nothing to do: finished, deleted, or another process's business. */
  | { kind: 'drop' }
  /** The document cannot run: mark it `error` with this message. */
  | { kind: 'invalid'; message: string }
  /** Its process died too often (max_attempts): record that and do not run it again. */
  | { kind: 'give-up'; reason: string }
  /** The user asked to cancel: mark it `canceled`. */
  | { kind: 'cancel' }
  /**
   * Hold it until `dueMs`; write `scheduled` first when `markScheduled`. `loadMs`, when it is
   * not `dueMs`: where the views order it (a date without offset in a zone, at the earliest it
   * can be), which the window goes by.
   */
  | { kind: 'hold'; dueMs: number; markScheduled: boolean; loadMs?: number }
  /** Running under another process's lease, which ends at `untilMs`: look again then. */
  | { kind: 'await-lease'; untilMs: number };

export interface DecideContext {
  now: number;
  /** This process's id, as written in `lease.by`. */
  processId: string;
  /** The names of the jobs this worker has, sorted. */
  jobNames: readonly string[];
  /** What a task naming another job is told (default: the jobs this worker has). */
  unknownJobMessage?: (name: string) => string;
  /**
   * No lease counts as expired before this time (epoch ms; 0 for none). After a database
   * outage, owners could not renew: they get a full lease to do it before anyone takes over.
   */
  takeoverNotBefore?: number;
}

/** What a task naming a job this worker lacks is told (a chain's step is named: `job[1]: unknown job 'x'; ...`), or null. */
function unknownJobProblem(job: JobField, context: DecideContext): string | null {
  const told = (name: string): string => context.unknownJobMessage?.(name) ?? unknownJobMessage(name, context.jobNames);
  if (!isChain(job)) {
    const name = jobName(job);
    return context.jobNames.includes(name) ? null : told(name);
  }
  const index = job.findIndex((step) => !context.jobNames.includes(step.name));
  return index === -1 ? null : `${stepLabel(index)}: ${told(job[index].name)}`;
}

/** What `task` needs, from the document as read once (readTask). */
export function decide(task: Task, context: DecideContext): Decision {
  const doc = task.doc;
  if (doc._deleted) return { kind: 'drop' };
  const status = task.status;
  if (FINAL_STATUSES.includes(status)) return { kind: 'drop' };
  if (status === 'cancel') return { kind: 'cancel' };

  if (task.problem) return { kind: 'invalid', message: task.problem };
  const unknown = unknownJobProblem(doc.job, context);
  if (unknown !== null) return { kind: 'invalid', message: unknown };

  if (status === 'running') {
    const ownLease = doc.lease?.by === context.processId;
    const leaseMs = (doc.lease ? taskDateMs(doc.lease.until) : null) ?? 0;
    // Our own live lease: a run the worker tracks in memory, or an echo of one. Once it has
    // ended, it is a claim this process gave up (see claim-check.ts), taken over like any other.
    if (ownLease && leaseMs > context.now) return { kind: 'drop' };
    const leaseEnd = ownLease ? leaseMs : Math.max(leaseMs, context.takeoverNotBefore ?? 0);
    if (leaseEnd > context.now) return { kind: 'await-lease', untilMs: leaseEnd };
    // Its process died mid-run: run it again, unless that was its last allowed attempt.
    if (!attemptsLeft(task)) return { kind: 'give-up', reason: `${maxAttemptsReason(task)}; the last run's process stopped answering` };
    return { kind: 'hold', dueMs: context.now, markScheduled: false };
  }

  const dueMs = task.date.ms;
  const markScheduled = status !== 'scheduled' && dueMs - context.now > MARK_SCHEDULED_AFTER_MS;
  // Only a task with a zone can have a date the views order elsewhere (a local date).
  const loadMs = doc.tz === undefined ? null : taskWindowMs(doc);
  return loadMs === null || loadMs === dueMs ? { kind: 'hold', dueMs, markScheduled } : { kind: 'hold', dueMs, markScheduled, loadMs };
}
