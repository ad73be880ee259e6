// `--ttl DUR` (after submit: the task's `ttl`; after start: the worker's default): a short form
// (`7d`), milliseconds (`86400000`), an ISO 8601 duration (`P7D`) or a JSON duration object
// (`{"days": 7}`), checked by the task rules' reading of a ttl as commander reads it.
import { InvalidArgumentError } from 'commander';
import { durationMs, ttlProblem } from '../task/rules';
import type { DelaySpec } from '../task/types';
import { readDurationText } from './duration-text';

const ACCEPTED = 'use 30s, 15m, 2h, 7d, 1w or 1500ms, milliseconds such as 86400000, an ISO 8601 duration such as P7D, ' +
  'or a JSON object such as \'{"days": 7}\'';

/** The ttl as a task holds it: `7d` is `{"d": 7}`, digits are milliseconds, an ISO duration is kept, `{...}` is parsed as JSON. */
export function parseTtlOption(value: string): DelaySpec {
  const ttl = readTtl(value);
  const problem = ttlProblem(ttl);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return ttl;
}

/** The ttl in milliseconds (what `after start --ttl` passes on, and to a process started under pm2). */
export function parseTtlMsOption(value: string): number {
  return durationMs(parseTtlOption(value)) as number;
}

function readTtl(value: string): DelaySpec {
  return /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : readDurationText(value, ACCEPTED) as DelaySpec;
}
