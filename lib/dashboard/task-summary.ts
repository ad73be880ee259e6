// What a list shows of a task. Any field of a document may hold any JSON (users write them):
// the summary copies values as they are, reads nothing it has not checked, and never throws.
import type { TaskDoc } from '../task/types';
import { jobLabel } from './job-label';

export interface TaskSummary {
  _id: string;
  worker: unknown;
  /** `waiting` when the document has none, as the views count it. */
  status: unknown;
  date: unknown;
  /** The job's name, a chain's step names joined by ` > `, or null for a job field that is none. */
  job: string | null;
  runs?: unknown;
  finished_at?: unknown;
}

/** A failed task: its summary, its last error and counts, and its run history. */
export interface FailureSummary extends TaskSummary {
  error: unknown;
  attempts: unknown;
  fails: unknown;
  history: unknown;
}

export function taskSummary(doc: TaskDoc): TaskSummary {
  const summary: TaskSummary = { _id: doc._id, worker: doc.worker, status: doc.status ?? 'waiting', date: doc.date, job: jobLabel(doc.job) };
  if (doc.runs !== undefined) summary.runs = doc.runs;
  if (doc.finished_at !== undefined) summary.finished_at = doc.finished_at;
  return summary;
}

export function failureSummary(doc: TaskDoc): FailureSummary {
  return { ...taskSummary(doc), error: doc.error ?? null, attempts: doc.attempts ?? null, fails: doc.fails ?? null, history: doc.history ?? [] };
}
