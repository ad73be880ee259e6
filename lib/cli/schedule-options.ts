// `after submit`'s flags for a schedule beyond a duration: `--cron PATTERN`, `--tz ZONE`,
// `--until DATE` and `--limit N`, each checked as the worker checks the field it fills (the task
// rules, then croner and the zone database) as commander reads it; and the `repeat` they make.
import { InvalidArgumentError } from 'commander';
import { cronProblem } from '../task/cron-schedule';
import { readDate, repeatAmounts } from '../task/rules';
import type { RepeatField, RepeatObject } from '../task/types';
import { zoneProblem } from '../task/zone';

/** `--cron`: a cron pattern of 5 fields, or 6 with seconds first. */
export function parseCronOption(value: string): string {
  const problem = cronProblem(value);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return value;
}

/** `--tz`: an IANA zone name. */
export function parseTzOption(value: string): string {
  const problem = zoneProblem(value);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return value;
}

/** `--until`: a task date (epoch milliseconds when all digits, else ISO 8601 as written). */
export function parseUntilOption(value: string): string | number {
  const date = /^\d+$/.test(value) ? Number(value) : value;
  const problem = readDate(date, 'repeat.until').problem;
  if (problem !== null) throw new InvalidArgumentError(problem);
  return date;
}

export interface ScheduleFlags {
  repeat?: RepeatField;
  cron?: string;
  until?: string | number;
  limit?: number;
}

/**
 * The task's `repeat` from the flags, or undefined for none. `--until` and `--limit` go into the
 * object form: a duration written as an ISO string is written as its amounts then. Throws
 * InvalidArgumentError for `--until` or `--limit` without `--repeat` or `--cron`.
 */
export function repeatOfFlags(flags: ScheduleFlags): RepeatField | undefined {
  const base: RepeatField | undefined = flags.cron !== undefined ? { cron: flags.cron } : flags.repeat;
  const ends = flags.until !== undefined || flags.limit !== undefined;
  if (!ends) return base;
  if (base === undefined) throw new InvalidArgumentError('--until and --limit end a repeat: give --repeat or --cron too');
  const repeat: RepeatObject = typeof base === 'string' ? amountsOf(base) : { ...base };
  if (flags.until !== undefined) repeat.until = flags.until;
  if (flags.limit !== undefined) repeat.limit = flags.limit;
  return repeat;
}

/** An ISO 8601 duration as the object of its amounts (`P1M7D` is `{"months": 1, "days": 7}`). */
function amountsOf(iso: string): RepeatObject {
  const amounts: RepeatObject = {};
  for (const [unit, amount] of Object.entries(repeatAmounts(iso) ?? {})) {
    if (amount !== 0) amounts[unit] = amount;
  }
  return amounts;
}
