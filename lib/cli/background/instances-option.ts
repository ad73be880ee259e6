// `after start -i N`: how many processes serve one worker name. Only 1 for now: several
// processes of one worker need the claim protocol of a later version.
import { UsageError } from './errors';

export function parseInstances(value: string): number {
  const instances = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(instances) || instances < 1) {
    throw new UsageError(`-i ${value}: not a number of processes; use -i 1`);
  }
  if (instances > 1) {
    throw new UsageError(`-i ${value}: running several processes of one worker is not supported yet; use -i 1`);
  }
  return instances;
}
