// Virtual time for the tick scheduler's tests: nothing runs until the test moves the clock.
import { ClockTimers } from '../../lib/clock/timers';

interface FakeTimer {
  id: number;
  setAtMs: number;
  dueMs: number;
  fn: () => void;
}

export class FakeClock implements ClockTimers {
  /**
   * Timers fire up to this many ms before their time, as Node's can against Date.now(); a
   * timer still fires at least 1 ms after it was set.
   */
  earlyByMs = 0;
  /** Every delay asked of setTimeout, in order. */
  readonly delays: number[] = [];
  private nowMs: number;
  private nextId = 1;
  private readonly timers = new Map<number, FakeTimer>();
  private immediates: Array<() => void> = [];

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { id, setAtMs: this.nowMs, dueMs: this.nowMs + ms, fn });
    this.delays.push(ms);
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  setImmediate(fn: () => void): unknown {
    this.immediates.push(fn);
    return undefined;
  }

  /** Timers set and not yet fired or cleared. */
  get timerCount(): number {
    return this.timers.size;
  }

  /** setImmediate callbacks waiting to run. */
  get immediateCount(): number {
    return this.immediates.length;
  }

  /** Runs the setImmediate callbacks, and those they queue. */
  runImmediates(): void {
    while (this.immediates.length > 0) {
      const batch = this.immediates;
      this.immediates = [];
      for (const fn of batch) fn();
    }
  }

  /** Runs the setImmediate callbacks queued so far, not those they queue. */
  runQueuedImmediates(): void {
    const batch = this.immediates;
    this.immediates = [];
    for (const fn of batch) fn();
  }

  /** Moves the clock to `targetMs`, running each timer at its firing time, in order, with the immediates. */
  advanceTo(targetMs: number): void {
    this.runImmediates();
    for (let timer = this.nextTimer(); timer && this.firingTime(timer) <= targetMs; timer = this.nextTimer()) {
      this.nowMs = Math.max(this.nowMs, this.firingTime(timer));
      this.timers.delete(timer.id);
      timer.fn();
      this.runImmediates();
    }
    this.nowMs = Math.max(this.nowMs, targetMs);
    this.runImmediates();
  }

  /** Runs the one timer that fires next, if it fires by `targetMs`, at its firing time; whether there was one. */
  runNextTimer(targetMs: number): boolean {
    const timer = this.nextTimer();
    if (!timer || this.firingTime(timer) > targetMs) return false;
    this.nowMs = Math.max(this.nowMs, this.firingTime(timer));
    this.timers.delete(timer.id);
    timer.fn();
    return true;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.nowMs + ms);
  }

  /** The wall clock moves while nothing runs, as during a stalled event loop; negative steps it back. */
  stall(ms: number): void {
    this.nowMs += ms;
  }

  /**
   * The wall clock jumps ahead while timers keep counting their own (monotonic) time, as when
   * a machine is suspended: each timer fires as much later on the wall clock.
   */
  jump(ms: number): void {
    this.nowMs += ms;
    for (const timer of this.timers.values()) {
      timer.setAtMs += ms;
      timer.dueMs += ms;
    }
  }

  private firingTime(timer: FakeTimer): number {
    return timer.dueMs - Math.min(this.earlyByMs, Math.max(0, timer.dueMs - timer.setAtMs - 1));
  }

  private nextTimer(): FakeTimer | undefined {
    let next: FakeTimer | undefined;
    for (const timer of this.timers.values()) {
      if (next === undefined || this.firingTime(timer) < this.firingTime(next)) next = timer;
    }
    return next;
  }
}
