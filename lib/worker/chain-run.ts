// A run of a chain: its steps in order, from where the chain resumes, each given the result
// of the one before, until a step does not end done (README "Chains").
import { stepLabel } from '../task/chain';
import type { JobOutcome } from '../jobs/types';
import type { ChainStep } from '../task/types';
import type { ChainProgress } from './chain-progress';

/** Runs step `index` with the result of the step before (undefined for step 0). Never rejects. */
export type StepRunner = (step: ChainStep, index: number, previous: unknown) => Promise<JobOutcome>;

/**
 * Runs `steps` from `progress.step`, recording each finished step's result in `progress`
 * (`step` moves on only once the next step starts). The outcome: done with the last step's
 * result, or the first step's that is not done; a failure's message names that step.
 */
export async function runChain(steps: readonly ChainStep[], progress: ChainProgress, runStep: StepRunner): Promise<JobOutcome> {
  for (let index = progress.step; ; index++) {
    progress.step = index;
    const previous = index === 0 ? undefined : progress.results[index - 1];
    const outcome = await runStep(steps[index], index, previous);
    if (outcome.kind === 'error') return { ...outcome, message: `${stepLabel(index)} '${steps[index].name}' failed: ${outcome.message}` };
    if (outcome.kind !== 'done') return outcome;
    progress.results.push(outcome.result);
    if (index === steps.length - 1) return outcome;
  }
}
