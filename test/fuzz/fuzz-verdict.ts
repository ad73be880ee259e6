// What a fuzz run found, from what was stored, the documents at the end, and the runs its jobs
// recorded. Pure: run-fuzz.ts gathers the facts, this judges them.
import { checkTask, repeatProblem, taskDateMs } from '../../lib/task/rules';
import { FINAL_STATUSES, type TaskStatus } from '../../lib/task/types';
import type { CaseKind } from './fuzz-cases';

/** A document the database stored, as it was sent. */
export interface StoredCase {
  id: string;
  kind: CaseKind;
  label: string;
  sent: Record<string, unknown>;
}

export interface Facts {
  worker: string;
  /** Every document stored, as sent. */
  stored: StoredCase[];
  /** Each request's answer, counted by HTTP status. */
  answers: Map<number, number>;
  /** Documents refused inside a _bulk_docs answered 201, by CouchDB's error. */
  refusedInBatch: Map<string, number>;
  /** Every task document in the database now, by id. */
  docs: Map<string, Record<string, unknown>>;
  /** Runs recorded by the job `record`, per task id. */
  runs: Map<string, number>;
  /** A valid task due after this is not expected to have run. */
  dueBy: number;
  /** A task of the worker left open with a date before this is stuck. */
  stuckBefore: number;
}

export type Problem = 'twice' | 'never' | 'stuck';

export interface Finding {
  id: string;
  problem: Problem;
  label: string;
  doc: Record<string, unknown> | undefined;
}

export interface Verdict {
  /** Requests sent and documents stored, per kind of case. */
  stored: Record<CaseKind, number>;
  /** Requests answered 4xx, by status, and documents refused inside a _bulk_docs: refused at write. */
  refused: Record<string, number>;
  /** Requests answered 5xx: the server failed on them. */
  serverErrors: number;
  validTasks: number;
  doneOnce: number;
  twice: number;
  never: number;
  stuck: number;
  findings: Finding[];
}

/**
 * A task the fuzz expects to be run exactly once and end `done`: not a deletion, one the rules accept, of the
 * fuzz's worker, running `record` (which always succeeds), not repeating, waiting, due in time.
 */
export function isValidTask(doc: Record<string, unknown>, worker: string, dueBy: number): boolean {
  if (doc._deleted === true || checkTask(doc) !== null || doc.worker !== worker || doc.repeat !== undefined) return false;
  const job = doc.job as string | { name: string };
  const name = typeof job === 'string' ? job : job.name;
  const due = taskDateMs(doc.date);
  return name === 'record' && (doc.status === undefined || doc.status === 'waiting') && due !== null && due <= dueBy;
}

/** A task of `worker` with nothing left to do for it is final; a valid repeating one never is. */
export function isStuck(doc: Record<string, unknown>, worker: string, stuckBefore: number): boolean {
  if (doc.worker !== worker || FINAL_STATUSES.includes(doc.status as TaskStatus)) return false;
  const repeating = doc.repeat !== undefined && repeatProblem(doc.repeat) === null && checkTask(doc) === null;
  if (repeating) return false;
  const due = taskDateMs(doc.date);
  return due === null || due < stuckBefore;
}

export function fuzzVerdict(facts: Facts): Verdict {
  const stored: Record<CaseKind, number> = { valid: 0, mutated: 0, random: 0, malformed: 0 };
  for (const one of facts.stored) stored[one.kind] += 1;
  const refused: Record<string, number> = {};
  let serverErrors = 0;
  for (const [status, count] of facts.answers) {
    if (status >= 500) serverErrors += count;
    else if (status >= 400) refused[String(status)] = count;
  }
  for (const [error, count] of facts.refusedInBatch) refused[`_bulk_docs ${error}`] = count;

  const findings: Finding[] = [];
  const labels = new Map(facts.stored.map((one) => [one.id, one.label]));
  let validTasks = 0;
  let doneOnce = 0;
  for (const one of facts.stored) {
    if (!isValidTask(one.sent, facts.worker, facts.dueBy)) continue;
    validTasks += 1;
    const runs = facts.runs.get(one.id) ?? 0;
    const doc = facts.docs.get(one.id);
    if (runs === 1 && doc?.status === 'done') doneOnce += 1;
    else findings.push({ id: one.id, problem: runs > 1 ? 'twice' : 'never', label: one.label, doc });
  }
  for (const [id, doc] of facts.docs) {
    if (isStuck(doc, facts.worker, facts.stuckBefore)) findings.push({ id, problem: 'stuck', label: labels.get(id) ?? 'not sent by fuzz', doc });
  }
  const count = (problem: Problem): number => findings.filter((finding) => finding.problem === problem).length;
  return { stored, refused, serverErrors, validTasks, doneOnce, twice: count('twice'), never: count('never'), stuck: count('stuck'), findings };
}
