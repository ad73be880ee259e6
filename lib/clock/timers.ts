// The clock the scheduler reads and the timers it sets, so that tests can run it in virtual time.

export interface ClockTimers {
  /** Wall-clock time in epoch milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setImmediate(fn: () => void): unknown;
}

/** Date.now and Node's timers. */
export const realTimers: ClockTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setImmediate: (fn) => setImmediate(fn),
};
