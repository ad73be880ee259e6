// When a repeating task runs next: the Schedule its `repeat` makes, from its first date
// (docs/ARCHITECTURE.md, "The task document and its lifecycle"). Today a repeat is a
// duration, and its schedule the grid of repeat.ts; another kind of repeat (issue 14: cron
// expressions with a time zone) is another implementation, picked in scheduleOf.
import type { TaskDate } from './date';
import type { RepeatAmounts } from './rules';
import { durationOf, RepeatGrid } from './repeat';

export interface Schedule {
  /** The first date, as the task's `repeat_from` keeps it; the dates it gives are written in its style. */
  readonly anchor: TaskDate;
  /**
   * Epoch ms of the first occurrence strictly after `afterMs`. Occurrences missed before it
   * are skipped: a task that was down for a while runs once to catch up. Throws TaskError
   * past the last date JavaScript holds; `anchor.format` refuses one past what a task date holds.
   */
  next(afterMs: number): number;
}

/** The schedule of a repeat the rules accepted (repeatAmounts), from the first date `anchor`. */
export function scheduleOf(repeat: RepeatAmounts, anchor: TaskDate): Schedule {
  return new RepeatGrid(anchor, durationOf(repeat));
}
