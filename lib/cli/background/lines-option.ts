// `after log -n LINES`.
import { UsageError } from './errors';

export function parseLines(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`-n ${value}: not a number of lines; use e.g. -n 100`);
  return Number(value);
}
