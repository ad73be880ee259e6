// The worker's default ttl (config `ttl`, `after start --ttl`): how long a finished task without a
// ttl of its own is kept. Read with the task rules' own reading of a ttl, so that a config file
// takes what a task takes (milliseconds, a duration object, an ISO 8601 duration) with the same message.
import { ConfigError } from './errors';
import { durationMs, ttlProblem } from '../task/rules';

/** Milliseconds of a ttl; `label` names where it came from (`config file F:`, `--ttl`). Throws ConfigError. */
export function parseTtl(value: unknown, label: string): number {
  const ms = durationMs(value);
  if (value === undefined || ms === null) throw new ConfigError(`${label} ${ttlProblem(value) ?? `ttl ${String(value)} is not a delay`}`);
  return ms;
}
