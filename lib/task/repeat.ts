// Repeating tasks: the repeat a user writes, and the grid of dates it makes,
// first date + n × repeat, computed from the first date each time so that nothing drifts.
import moment from 'moment';
import { TaskError } from './errors';
import { repeatAmounts, repeatProblem, type RepeatAmounts } from './rules';
import { TaskDate } from './date';
import type { RepeatField } from './types';
import type { Zone } from './zone';

export { formatLike } from './date';

/** A repeat as users write it: `{"days": 7, "months": 1}`, an ISO 8601 duration `"P1M7D"`, or `{"cron": "0 9 * * *"}`. */
export type RepeatSpec = RepeatField;

const DAY_MS = 86400000;

/**
 * The duration a task's `repeat` stands for. Throws TaskError, with checkTask's message,
 * for anything checkTask refuses (moment itself would turn unknown keys and malformed ISO
 * strings into a zero duration, which would repeat a task without end).
 */
export function parseRepeat(value: unknown): moment.Duration {
  const problem = repeatProblem(value);
  if (problem) throw new TaskError(problem);
  const amounts = repeatAmounts(value);
  if (amounts === null) throw new TaskError(`repeat ${JSON.stringify(value)} is a cron pattern, not a duration`);
  return durationOf(amounts);
}

/** The duration of a repeat's amounts as the rules read them (repeatAmounts). */
export function durationOf(amounts: RepeatAmounts): moment.Duration {
  // Only the smallest unit may hold a fraction, or moment calls the duration invalid. The
  // milliseconds are summed in moment's order, as the rules sum them to check the length.
  return moment.duration({
    months: amounts.years * 12 + amounts.months,
    days: amounts.weeks * 7 + amounts.days,
    milliseconds: amounts.milliseconds + amounts.seconds * 1e3 + amounts.minutes * 6e4 + amounts.hours * 1000 * 60 * 60,
  });
}

/**
 * A repeat as moment's add() uses it. moment's public getters (days(), months()) show a
 * rebalanced view instead (45 days reads as 1 month and 14 days), which is not what adding does.
 */
interface Step {
  months: number;
  days: number;
  milliseconds: number;
  written: string;
}

function stepOf(repeat: moment.Duration): Step {
  const stored = repeat as unknown as { _months: number; _days: number; _milliseconds: number };
  const usable = moment.isDuration(repeat) && repeat.isValid() &&
    stored._months >= 0 && stored._days >= 0 && stored._milliseconds >= 0 &&
    (stored._months > 0 || stored._days > 0 || stored._milliseconds >= 1);
  const written = moment.isDuration(repeat) ? repeat.toISOString() : String(JSON.stringify(repeat));
  if (!usable) throw new TaskError(`repeat ${written} must be longer than zero (at least 1 millisecond)`);
  return { months: stored._months, days: stored._days, milliseconds: stored._milliseconds, written };
}

/** Where a grid starts: the anchor as a moment in its written offset, or its wall-clock time in a zone. */
interface Start {
  moment: moment.Moment;
  zone: Zone | null;
}

// In moment's order (months, then days, then time), so occurrence 1 is anchor.add(repeat). In a
// zone, months and days move the wall-clock time (09:00 stays 09:00 across a DST change), then
// the time is added as elapsed time.
function occurrenceFrom(start: Start, step: Step, n: number): number {
  let ms: number;
  if (start.zone === null) {
    ms = start.moment.clone()
      .add(step.months * n, 'months')
      .add(step.days * n, 'days')
      .add(Math.floor(step.milliseconds * n), 'milliseconds')
      .valueOf();
  } else {
    const calendar = n > 0 && (step.months > 0 || step.days > 0);
    const day = calendar
      ? start.zone.instant(moment.utc(start.zone.wall(start.moment.valueOf())).add(step.months * n, 'months').add(step.days * n, 'days').valueOf())
      : start.moment.valueOf();
    ms = day + Math.floor(step.milliseconds * n);
  }
  if (!Number.isFinite(ms)) {
    throw new TaskError(`repeat ${step.written} × ${n} from ${start.moment.format()} is past the last date JavaScript can hold`);
  }
  return ms;
}

function checkOccurrenceNumber(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`occurrence number ${n} is not an integer >= 0`);
}

function checkTime(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${ms} is not a time in epoch milliseconds`);
}

/**
 * The grid of a repeat from a first date: occurrence n is anchor + n × repeat, computed from
 * the anchor (Jan 31 + 1 month × n gives Feb 28 or 29, Mar 31, Apr 30, ...). In a zone (`tz`)
 * the calendar arithmetic is the zone's, DST included; without one, an anchor written with an
 * offset does it in that offset, any other anchor in UTC. It is a Schedule (schedule.ts, whose
 * scheduleOf makes it): it does not import that file, which imports this one.
 */
export class RepeatGrid {
  private readonly step: Step;
  private readonly start: Start;

  /** Throws TaskError for a repeat no longer than zero. */
  constructor(readonly anchor: TaskDate, repeat: moment.Duration, zone: Zone | null = null) {
    this.step = stepOf(repeat);
    this.start = { moment: anchor.moment(), zone };
  }

  /** Epoch ms of occurrence `n` (0 is the anchor). */
  occurrence(n: number): number {
    checkOccurrenceNumber(n);
    return occurrenceFrom(this.start, this.step, n);
  }

  /**
   * The first occurrence strictly after `afterMs` (n >= 1). Occurrences missed before it are
   * skipped: a task that was down for a while runs once to catch up, then keeps to the grid.
   */
  occurrenceAfter(afterMs: number): { n: number; ms: number } {
    checkTime(afterMs);
    const { start, step } = this;
    const startMs = this.anchor.ms;
    // Estimate n from the average length, then adjust. Over the Gregorian 400-year cycle a month
    // is 146097 / 4800 days on average, and real months stray from that by a few days in all,
    // so the adjustment is a step or two. (moment's asMilliseconds() rounds a month to 30 days,
    // which strays by a month every 70 years.)
    const averageMs = (step.months * 146097 / 4800 + step.days) * DAY_MS + step.milliseconds;
    let n = afterMs < startMs ? 1 : Math.max(1, Math.floor((afterMs - startMs) / averageMs));
    let ms = occurrenceFrom(start, step, n);
    while (ms <= afterMs) {
      n += 1;
      ms = occurrenceFrom(start, step, n);
    }
    while (n > 1) {
      const earlier = occurrenceFrom(start, step, n - 1);
      if (earlier <= afterMs) break;
      n -= 1;
      ms = earlier;
    }
    return { n, ms };
  }

  next(afterMs: number): number {
    return this.occurrenceAfter(afterMs).ms;
  }
}

/** Epoch ms of anchor + n × repeat (RepeatGrid.occurrence). */
export function occurrence(anchor: string | number, repeat: moment.Duration, n: number): number {
  checkOccurrenceNumber(n);
  return new RepeatGrid(TaskDate.parse(anchor), repeat).occurrence(n);
}

/** The first occurrence of anchor + n × repeat strictly after `afterMs` (RepeatGrid.occurrenceAfter). */
export function nextOccurrence(
  anchor: string | number,
  repeat: moment.Duration,
  afterMs: number,
): { n: number; ms: number } {
  checkTime(afterMs);
  return new RepeatGrid(TaskDate.parse(anchor), repeat).occurrenceAfter(afterMs);
}
