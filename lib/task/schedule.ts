// When a repeating task runs next: the Schedule its `repeat` makes, from its first date
// (docs/ARCHITECTURE.md, "The task document and its lifecycle"). A repeat is a duration (the
// grid of repeat.ts) or a cron pattern (cron-schedule.ts), in the task's zone (`tz`); a Series
// adds where it ends (`repeat.until`, `repeat.limit`).
import { CronSchedule } from './cron-schedule';
import type { TaskDate } from './date';
import type { RepeatAmounts } from './rules';
import { durationOf, RepeatGrid } from './repeat';
import { Zone } from './zone';

export interface Schedule {
  /** The first date, as the task's `repeat_from` keeps it; the dates it gives are written in its style. */
  readonly anchor: TaskDate;
  /**
   * Epoch ms of the first occurrence strictly after `afterMs`. Occurrences missed before it are
   * skipped: a task that was down for a while runs once to catch up. Throws TaskError past the
   * last date JavaScript holds (or a cron pattern can give); `anchor.format` refuses one past
   * what a task date holds.
   */
  next(afterMs: number): number;
}

/** Every how long a task repeats: a duration's amounts or a cron pattern, as the rules read them. */
export interface Interval {
  amounts: RepeatAmounts | null;
  cron: string | null;
}

/**
 * The schedule of a repeat the rules accepted, from the first date `anchor`, in `zone` (null:
 * a duration's calendar arithmetic in the anchor's written offset, as before `tz`; cron in UTC).
 */
export function scheduleOf(repeat: RepeatAmounts | Interval, anchor: TaskDate, zone: Zone | null = null): Schedule {
  const interval: Interval = 'cron' in repeat ? repeat : { amounts: repeat, cron: null };
  if (interval.cron !== null) return new CronSchedule(anchor, interval.cron, zone ?? Zone.named('UTC'));
  return new RepeatGrid(anchor, durationOf(interval.amounts!), zone);
}

/** Where a series of runs ends: `repeat.until` (epoch ms) and `repeat.limit` (runs in all), each null when absent. */
export interface SeriesEnd {
  untilMs: number | null;
  limit: number | null;
}

/** A schedule and where it ends. */
export class Series implements Schedule {
  constructor(readonly schedule: Schedule, readonly end: SeriesEnd) {}

  get anchor(): TaskDate {
    return this.schedule.anchor;
  }

  next(afterMs: number): number {
    return this.schedule.next(afterMs);
  }

  /**
   * The date of the run after a run ended at `afterMs`, `runs` runs made in all (that one
   * counted), or null when the series has ended: `limit` runs made, or the next date past `until`.
   */
  following(afterMs: number, runs: number): number | null {
    const { untilMs, limit } = this.end;
    if (limit !== null && runs >= limit) return null;
    const next = this.schedule.next(afterMs);
    return untilMs !== null && next > untilMs ? null : next;
  }
}
