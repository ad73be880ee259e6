// A chain (README "Chains"): `job` as a list of steps, run in order in one run of the task, each
// given the result of the one before. What a worker reads of one: where a run starts, and the
// step a failure belongs to. Pure.
import type { ChainStep, JobField, TaskDoc } from './types';

export function isChain(job: JobField | undefined): job is ChainStep[] {
  return Array.isArray(job);
}

/** How messages and `error` name step `index`: `job[1]`, its place in the document. */
export function stepLabel(index: number): string {
  return `job[${index}]`;
}

/** Where a run of a chain starts: its step, and the results of the steps before it. */
export interface ChainStart {
  step: number;
  results: unknown[];
}

/**
 * Where the next run of a chain of `stepCount` steps starts: at the recorded `step` when
 * `results` holds one result for each step before it (a step that failed or asked to run later,
 * or the step a run had reached when its process died), so that the chain resumes there.
 * Otherwise at step 0, afresh: a new task, a repeat's next occurrence (which drops `step`), a
 * chain that ended done (its `results` hold every step), or fields someone else wrote.
 */
export function chainStart(doc: TaskDoc, stepCount: number): ChainStart {
  const step: unknown = doc.step;
  const results: unknown = doc.results;
  if (typeof step === 'number' && Number.isInteger(step) && step > 0 && step < stepCount &&
    Array.isArray(results) && results.length === step) {
    return { step, results: results.slice() };
  }
  return { step: 0, results: [] };
}

/** The step `step` names in a chain, or null for a single job or no such step. */
export function currentStep(doc: TaskDoc): ChainStep | null {
  const job = doc.job;
  const step: unknown = doc.step;
  if (!isChain(job) || typeof step !== 'number' || !Number.isInteger(step)) return null;
  return job[step] ?? null;
}
