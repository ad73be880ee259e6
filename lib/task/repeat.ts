// Repeating tasks (DESIGN.md §2): the repeat a user writes, and the grid of dates it makes,
// first date + n × repeat, computed from the first date each time so that nothing drifts.
import moment from 'moment';
import { TaskError } from './errors';
import { quoteValue } from './quote';
import { taskDateMoment } from './date';

export { formatLike } from './date';

/** A repeat as users write it: `{"days": 7, "months": 1}`, or an ISO 8601 duration `"P1M7D"`. */
export type RepeatSpec = Record<string, number> | string;

type Unit = 'years' | 'months' | 'weeks' | 'days' | 'hours' | 'minutes' | 'seconds' | 'milliseconds';
type Amounts = Record<Unit, number>;

const REPEAT_KEYS = 'years months weeks days hours minutes seconds milliseconds (or y M w d h m s ms)';

// Only these: moment also takes singulars, quarters and more, and reads `D` as something else.
const UNIT_OF_KEY: Readonly<Record<string, Unit>> = {
  years: 'years', y: 'years', months: 'months', M: 'months', weeks: 'weeks', w: 'weeks',
  days: 'days', d: 'days', hours: 'hours', h: 'hours', minutes: 'minutes', m: 'minutes',
  seconds: 'seconds', s: 'seconds', milliseconds: 'milliseconds', ms: 'milliseconds',
};

const ISO_AMOUNT = String.raw`(\d+(?:[.,]\d+)?)`;
const ISO_DURATION = new RegExp(
  `^P(?:${ISO_AMOUNT}Y)?(?:${ISO_AMOUNT}M)?(?:${ISO_AMOUNT}W)?(?:${ISO_AMOUNT}D)?` +
  `(?:T(?:${ISO_AMOUNT}H)?(?:${ISO_AMOUNT}M)?(?:${ISO_AMOUNT}S)?)?$`,
);
const DAY_MS = 86400000;

const ISO_UNITS: readonly Unit[] = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'];

function noAmounts(): Amounts {
  return { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, milliseconds: 0 };
}

function amountProblem(repeat: unknown, label: string, unit: Unit, amount: unknown): string | null {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    return `repeat ${quoteValue(repeat)} has ${label} ${quoteValue(amount)}; use a number >= 0`;
  }
  const calendar = unit === 'years' || unit === 'months' || unit === 'weeks' || unit === 'days';
  // moment rounds calendar amounts to whole numbers when adding them: refuse rather than round.
  if (calendar && !Number.isInteger(amount)) {
    return `repeat ${quoteValue(repeat)} has ${label} ${amount}; ` +
      'years, months, weeks and days must be whole numbers (use hours for parts of a day)';
  }
  return null;
}

/** The hours, minutes, seconds and milliseconds together, summed in moment's order. */
function fixedMilliseconds(amounts: Amounts): number {
  return amounts.milliseconds + amounts.seconds * 1e3 + amounts.minutes * 6e4 + amounts.hours * 1000 * 60 * 60;
}

function isoAmounts(repeat: string): Amounts {
  const parts = ISO_DURATION.exec(repeat);
  // "P" and "PT" name nothing; "P1DT" has a T with nothing after it.
  if (!parts || repeat === 'P' || repeat.endsWith('T')) {
    throw new TaskError(`repeat ${quoteValue(repeat)} is not an ISO 8601 duration such as ` +
      'P1M7D, PT30S, P1W or P1Y2M3DT4H5M6.5S (no sign, fractions only in hours, minutes and seconds)');
  }
  const amounts = noAmounts();
  ISO_UNITS.forEach((unit, i) => {
    const written = parts[i + 1];
    if (written === undefined) return;
    const amount = Number(written.replace(',', '.'));
    const problem = amountProblem(repeat, unit, unit, amount);
    if (problem) throw new TaskError(problem);
    amounts[unit] = amount;
  });
  return amounts;
}

function objectAmounts(repeat: unknown): Amounts {
  if (typeof repeat !== 'object' || repeat === null || Array.isArray(repeat)) {
    throw new TaskError(`repeat ${quoteValue(repeat)} is not a duration; use an object such as {"days": 7} ` +
      `with the keys ${REPEAT_KEYS}, or an ISO 8601 duration such as P1M7D`);
  }
  const amounts = noAmounts();
  for (const [key, amount] of Object.entries(repeat)) {
    if (!Object.hasOwn(UNIT_OF_KEY, key)) {
      throw new TaskError(`repeat ${quoteValue(repeat)} has unknown key ${quoteValue(key)}; ` +
        `use ${REPEAT_KEYS}, or an ISO 8601 duration such as P1M7D`);
    }
    const unit = UNIT_OF_KEY[key];
    const problem = amountProblem(repeat, key, unit, amount);
    if (problem) throw new TaskError(problem);
    // A unit named twice ({"d": 1, "days": 2}) counts twice; moment would keep only one.
    amounts[unit] += amount as number;
  }
  return amounts;
}

/**
 * The duration a task's `repeat` stands for. Throws TaskError, with checkTask's message,
 * for anything checkTask refuses (moment itself would turn unknown keys and malformed ISO
 * strings into a zero duration, which would repeat a task without end).
 */
export function parseRepeat(value: unknown): moment.Duration {
  const amounts = typeof value === 'string' ? isoAmounts(value) : objectAmounts(value);
  const calendarAmount = amounts.years + amounts.months + amounts.weeks + amounts.days;
  const fixedMs = fixedMilliseconds(amounts);
  if (calendarAmount === 0 && !(fixedMs >= 1)) {
    throw new TaskError(`repeat ${quoteValue(value)} must be longer than zero (at least 1 millisecond)`);
  }
  // Only the smallest unit may hold a fraction, or moment calls the duration invalid.
  return moment.duration({
    months: amounts.years * 12 + amounts.months,
    days: amounts.weeks * 7 + amounts.days,
    milliseconds: fixedMs,
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
  const written = moment.isDuration(repeat) ? repeat.toISOString() : quoteValue(repeat);
  if (!usable) throw new TaskError(`repeat ${written} must be longer than zero (at least 1 millisecond)`);
  return { months: stored._months, days: stored._days, milliseconds: stored._milliseconds, written };
}

// In moment's order (months, then days, then time), so occurrence 1 is anchor.add(repeat).
function occurrenceFrom(start: moment.Moment, step: Step, n: number): number {
  const ms = start.clone()
    .add(step.months * n, 'months')
    .add(step.days * n, 'days')
    .add(Math.floor(step.milliseconds * n), 'milliseconds')
    .valueOf();
  if (!Number.isFinite(ms)) {
    throw new TaskError(`repeat ${step.written} × ${n} from ${start.format()} is past the last date JavaScript can hold`);
  }
  return ms;
}

/**
 * Epoch ms of anchor + n × repeat, computed from the anchor (Jan 31 + 1 month × n gives
 * Feb 28 or 29, Mar 31, Apr 30, ...). An anchor written with an offset does its calendar
 * arithmetic in that offset; any other anchor in UTC.
 */
export function occurrence(anchor: string | number, repeat: moment.Duration, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`occurrence number ${n} is not an integer >= 0`);
  return occurrenceFrom(taskDateMoment(anchor), stepOf(repeat), n);
}

/**
 * The first occurrence strictly after `afterMs` (n >= 1). Occurrences missed before it are
 * skipped: a task that was down for a while runs once to catch up, then keeps to the grid.
 */
export function nextOccurrence(
  anchor: string | number,
  repeat: moment.Duration,
  afterMs: number,
): { n: number; ms: number } {
  if (!Number.isFinite(afterMs)) throw new RangeError(`${afterMs} is not a time in epoch milliseconds`);
  const start = taskDateMoment(anchor);
  const step = stepOf(repeat);
  const startMs = start.valueOf();
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
