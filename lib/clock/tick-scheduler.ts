// Holds keyed entries until their due time and hands each to onDue then, never earlier.
//
// Entries wait in buckets by wall-clock second; a min-heap knows the earliest held second.
// One timer wakes at that second's boundary (none while nothing is held) and takes every
// bucket up to the current second, so after a stalled event loop everything overdue fires at
// once and no second is skipped. Entries of the current second whose millisecond is still
// ahead move to a short sorted list served by a second, precise timer. A tick costs what it
// takes out of the buckets, not what the scheduler holds.
import { NumberMinHeap } from './min-heap';
import { ClockTimers, realTimers } from './timers';

export type { ClockTimers } from './timers';
export { realTimers } from './timers';

// Timers count monotonic time while the wall clock can jump ahead (a suspended or paused
// machine): waking at least this often bounds how late that makes an entry.
const MAX_SLEEP_MS = 10_000;

type Place = 'bucket' | 'pending' | 'immediate' | 'firing';

interface Entry<T> {
  key: string;
  dueMs: number;
  value: T;
  second: number;
  /** Insertion order, to fire entries with the same due time in the order they were added. */
  order: number;
  place: Place;
}

function byDue<T>(a: Entry<T>, b: Entry<T>): number {
  return a.dueMs - b.dueMs || a.order - b.order;
}

export class TickScheduler<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly buckets = new Map<number, Map<string, Entry<T>>>();
  /** Every bucket's second; also seconds whose bucket has emptied since, skipped when met. */
  private seconds = new NumberMinHeap();
  /** Taken from the current second's bucket but not due yet, sorted by due time. */
  private pending: Entry<T>[] = [];
  /** Added when already due, to fire together on the next setImmediate. */
  private readonly immediate = new Map<string, Entry<T>>();
  private immediateQueued = false;
  private tickTimer: unknown = null;
  private tickWakeMs = Infinity;
  private preciseTimer: unknown = null;
  private preciseWakeMs = Infinity;
  private nextOrder = 0;
  private stopped = false;

  /**
   * `onDue` gets each entry once, at or after its due time, entries of one batch in due order;
   * the entry is no longer held when it is called. It should not throw: if it does, the rest of
   * the batch still fires and the first error is rethrown from the timer callback.
   */
  constructor(
    private readonly onDue: (key: string, value: T, dueMs: number) => void,
    private readonly timers: ClockTimers = realTimers,
  ) {}

  /** How many entries are held. */
  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Holds `value` under `key` until `dueMs` (epoch ms), replacing what `key` held. An entry
   * already due fires promptly, with others added in the same turn. Ignored after stop().
   */
  add(key: string, dueMs: number, value: T): void {
    if (this.stopped) return;
    if (!Number.isFinite(dueMs)) {
      throw new RangeError(`due time ${dueMs} of '${key}' is not a time in epoch milliseconds`);
    }
    this.remove(key);
    const entry: Entry<T> = { key, dueMs, value, second: Math.floor(dueMs / 1000), order: this.nextOrder++, place: 'bucket' };
    this.entries.set(key, entry);
    if (dueMs <= this.timers.now()) {
      entry.place = 'immediate';
      this.immediate.set(key, entry);
      this.queueImmediate();
      return;
    }
    let bucket = this.buckets.get(entry.second);
    if (bucket === undefined) {
      bucket = new Map();
      this.buckets.set(entry.second, bucket);
      this.seconds.push(entry.second);
    }
    bucket.set(key, entry);
    this.armTick();
  }

  /** Drops the entry held under `key`; false if there was none. */
  remove(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    switch (entry.place) {
      case 'bucket': {
        const bucket = this.buckets.get(entry.second) as Map<string, Entry<T>>;
        bucket.delete(key);
        if (bucket.size === 0) this.dropBucket(entry.second);
        break;
      }
      case 'pending':
        this.pending.splice(this.pendingIndex(entry), 1);
        break;
      case 'immediate':
        this.immediate.delete(key);
        break;
      case 'firing':
        // Its batch skips entries no longer held.
        break;
    }
    return true;
  }

  /** Clears the timers and forgets every entry: nothing fires afterwards, and add() is ignored. */
  stop(): void {
    this.stopped = true;
    this.clearTick();
    this.clearPrecise();
    this.entries.clear();
    this.buckets.clear();
    this.seconds = new NumberMinHeap();
    this.pending = [];
    this.immediate.clear();
  }

  private dropBucket(second: number): void {
    this.buckets.delete(second);
    // The heap keeps the second until it comes up; rebuild it before such leftovers pile up.
    if (this.seconds.size > 2 * this.buckets.size + 32) this.seconds = new NumberMinHeap(this.buckets.keys());
    if (this.buckets.size === 0) this.clearTick();
  }

  private earliestSecond(): number | undefined {
    let second = this.seconds.peek();
    while (second !== undefined && !this.buckets.has(second)) {
      this.seconds.pop();
      second = this.seconds.peek();
    }
    return second;
  }

  private armTick(): void {
    const second = this.earliestSecond();
    if (second === undefined) {
      this.clearTick();
      return;
    }
    const now = this.timers.now();
    const wakeMs = Math.min(second * 1000, now + MAX_SLEEP_MS);
    // A timer set to wake earlier stays: waking early only re-checks and re-arms.
    if (this.tickTimer !== null && this.tickWakeMs <= wakeMs) return;
    this.clearTick();
    this.tickWakeMs = wakeMs;
    this.tickTimer = this.timers.setTimeout(() => this.onTick(), Math.max(0, wakeMs - now));
  }

  private clearTick(): void {
    if (this.tickTimer !== null) this.timers.clearTimeout(this.tickTimer);
    this.tickTimer = null;
    this.tickWakeMs = Infinity;
  }

  private onTick(): void {
    this.tickTimer = null;
    this.tickWakeMs = Infinity;
    const now = this.timers.now();
    // Node timers can fire a little early: then this is still the second before, and the
    // bucket waits for the re-armed timer.
    const currentSecond = Math.floor(now / 1000);
    const due: Entry<T>[] = [];
    for (let second = this.seconds.peek(); second !== undefined && second <= currentSecond; second = this.seconds.peek()) {
      this.seconds.pop();
      const bucket = this.buckets.get(second);
      if (bucket === undefined) continue;
      this.buckets.delete(second);
      for (const entry of bucket.values()) {
        if (entry.dueMs <= now) {
          entry.place = 'firing';
          due.push(entry);
        } else {
          entry.place = 'pending';
          this.pending.splice(this.pendingIndex(entry), 0, entry);
        }
      }
    }
    this.armTick();
    this.armPrecise();
    this.fire(due);
  }

  /** Where `entry` is, or belongs, in the sorted pending list. */
  private pendingIndex(entry: Entry<T>): number {
    let low = 0;
    let high = this.pending.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (byDue(this.pending[middle], entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private armPrecise(): void {
    const first = this.pending[0];
    if (first === undefined) {
      this.clearPrecise();
      return;
    }
    if (this.preciseTimer !== null && this.preciseWakeMs <= first.dueMs) return;
    this.clearPrecise();
    this.preciseWakeMs = first.dueMs;
    this.preciseTimer = this.timers.setTimeout(() => this.onPrecise(), Math.max(0, Math.ceil(first.dueMs - this.timers.now())));
  }

  private clearPrecise(): void {
    if (this.preciseTimer !== null) this.timers.clearTimeout(this.preciseTimer);
    this.preciseTimer = null;
    this.preciseWakeMs = Infinity;
  }

  private onPrecise(): void {
    this.preciseTimer = null;
    this.preciseWakeMs = Infinity;
    const now = this.timers.now();
    let dueCount = 0;
    while (dueCount < this.pending.length && this.pending[dueCount].dueMs <= now) dueCount += 1;
    const due = this.pending.splice(0, dueCount);
    for (const entry of due) entry.place = 'firing';
    this.armPrecise();
    this.fire(due);
  }

  private queueImmediate(): void {
    if (this.immediateQueued) return;
    this.immediateQueued = true;
    this.timers.setImmediate(() => {
      this.immediateQueued = false;
      const due = Array.from(this.immediate.values());
      this.immediate.clear();
      for (const entry of due) entry.place = 'firing';
      this.fire(due);
    });
  }

  private fire(batch: Entry<T>[]): void {
    batch.sort(byDue);
    let failure: { error: unknown } | null = null;
    for (const entry of batch) {
      // Removed or replaced by an earlier callback of this batch.
      if (this.entries.get(entry.key) !== entry) continue;
      this.entries.delete(entry.key);
      try {
        this.onDue(entry.key, entry.value, entry.dueMs);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
