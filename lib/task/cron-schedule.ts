// A repeat by a cron pattern (`{"cron": "0 9 * * 1-5"}`) in the task's zone: croner reads the
// pattern and finds its next wall-clock time; the zone (zone.ts) turns that into an instant, so
// that a time skipped by DST runs at the first instant after the gap and a repeated hour runs
// once (croner's own zones skip such a time: docs/ARCHITECTURE.md, "Cron and time zones in ES5").
import { Cron } from 'croner';
import type { TaskDate } from './date';
import { TaskError } from './errors';
import { cronShapeProblem, readRepeat } from './rules';
import type { Zone } from './zone';

// croner reads `?` as `*` but then joins day-of-month and day-of-week with OR, as if both were
// named: `0 9 15 * ?` would run every day. The rules take `?` for "any" in the day fields only.
function normalized(pattern: string): string {
  return pattern.replace(/\?/g, '*');
}

/** croner's reading of a pattern the rules accept: wall-clock times, no zone of its own. */
function cronOf(pattern: string): Cron {
  return new Cron(normalized(pattern), { mode: '5-or-6-parts', utcOffset: 0 });
}

// A fixed time to ask croner from, so that a check gives the same answer any day.
const CHECKED_FROM = new Date(Date.UTC(2000, 0, 1));

/**
 * Why `pattern` is no cron pattern as `repeat.cron`: the rules' message naming the field at
 * fault, then croner's own refusal, or a pattern that never comes; null for a pattern croner runs.
 */
export function cronProblem(pattern: unknown): string | null {
  const shape = cronShapeProblem(pattern);
  if (shape !== null) return shape;
  const text = pattern as string;
  let cron: Cron;
  try {
    cron = cronOf(text);
  } catch (err) {
    return `repeat.cron '${text}' is not a cron pattern croner reads (${(err as Error).message})`;
  }
  return cron.nextRun(CHECKED_FROM) === null ? `repeat.cron '${text}' matches no date: it would never run` : null;
}

/** Why `repeat` is no repeat: the rules' reading, then croner's of its cron pattern (cronProblem); null for a repeat. */
export function fullRepeatProblem(repeat: unknown): string | null {
  const read = readRepeat(repeat);
  if (read.problem !== null) return read.problem;
  const cron = read.repeat!.cron;
  return cron === null ? null : cronProblem(cron);
}

// Enough steps past the times of a repeated hour (a pattern of every second) and then some.
const MAX_STEPS = 100000;

/** The occurrences of a cron pattern in a zone: a Schedule (schedule.ts makes it). */
export class CronSchedule {
  private readonly cron: Cron;

  /** Throws TaskError for a pattern cronProblem refuses. */
  constructor(readonly anchor: TaskDate, readonly pattern: string, private readonly zone: Zone) {
    const problem = cronProblem(pattern);
    if (problem !== null) throw new TaskError(problem);
    this.cron = cronOf(pattern);
  }

  /** The first time of the pattern strictly after `afterMs`: missed ones are skipped. */
  next(afterMs: number): number {
    if (!Number.isFinite(afterMs)) throw new RangeError(`${afterMs} is not a time in epoch milliseconds`);
    let wall = this.zone.wall(afterMs);
    for (let step = 0; step < MAX_STEPS; step += 1) {
      const found = this.cron.nextRun(new Date(wall));
      if (found === null) break;
      const ms = this.zone.instant(found.getTime());
      // In a repeated hour a wall-clock time is its first instant, which may be behind `afterMs`.
      if (ms > afterMs) return ms;
      wall = found.getTime();
    }
    throw new TaskError(`repeat.cron '${this.pattern}' has no time after ${new Date(afterMs).toISOString()} in ${this.zone.name}`);
  }
}
