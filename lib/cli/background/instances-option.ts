// `after start -i N`: how many processes serve one worker name. Any number of them may: a
// task's claim (DESIGN.md: lease) lets exactly one run each due time.
import { UsageError } from './errors';

/** More processes than this on one machine is a typo rather than a plan. */
export const MAX_INSTANCES = 64;

export function parseInstances(value: string): number {
  const instances = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(instances) || instances < 1 || instances > MAX_INSTANCES) {
    throw new UsageError(`-i ${value}: not a number of processes; use a whole number from 1 to ${MAX_INSTANCES}`);
  }
  return instances;
}
