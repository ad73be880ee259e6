// How far a run of a chain has got, and the fields that record it in the task document
// (`step`, `results`): written with the run's outcome, and with each lease renewal while it
// runs, so that a run whose process died resumes at the step it had reached. Pure.
import { chainStart } from '../task/chain';
import { withFields } from '../task/copy';
import type { ChainStep, TaskDoc } from '../task/types';

export interface ChainProgress {
  /** The step this run started at. */
  readonly from: number;
  /** The step running; once the run ends, the step that failed or asked to run later, or the last. */
  step: number;
  /** One result per finished step, from step 0 (those before `from` recorded by earlier runs). */
  readonly results: unknown[];
}

/** The progress of a run of `steps` starting now on `doc`: where the chain resumes (chainStart). */
export function startProgress(doc: TaskDoc, steps: readonly ChainStep[]): ChainProgress {
  const start = chainStart(doc, steps.length);
  return { from: start.step, step: start.step, results: start.results };
}

/**
 * `doc` with its chain's progress: `step` and `results`. `attempts` and `fails` count the tries
 * of one step: once the run is past the step it started at, this run is the first try of the
 * step it is at (`attempts` 1, `fails` 0 before the run's outcome is counted).
 */
export function withChainProgress(doc: TaskDoc, progress: ChainProgress): TaskDoc {
  const fields: Partial<TaskDoc> = { step: progress.step, results: progress.results.slice() };
  if (progress.step !== progress.from) {
    fields.attempts = 1;
    fields.fails = 0;
  }
  return withFields(doc, fields);
}
