// `after submit <worker> <job> [args...] --then STEP ...`: the steps of a chain after the first
// (README "Chains"), each a job name or a step as JSON, in the order given. The task rules check
// the steps with the task (`job[1]` is the first --then).
import { InvalidArgumentError } from 'commander';
import type { ChainStep } from '../task/types';

const ACCEPTED = 'use a job name (--then resize) or a step as JSON (--then \'{"name": "upload", "arguments": [1], "retry": {"limit": 3}}\')';

/** Adds one `--then` to the steps given before it: `{...}` is parsed as JSON, anything else is a job name. */
export function parseThenOption(value: string, before: ChainStep[] = []): ChainStep[] {
  return [...before, readStep(value)];
}

function readStep(value: string): ChainStep {
  if (!value.trimStart().startsWith('{')) return { name: value };
  try {
    return JSON.parse(value) as ChainStep;
  } catch (err) {
    throw new InvalidArgumentError(`not valid JSON (${(err as Error).message}); ${ACCEPTED}`);
  }
}
