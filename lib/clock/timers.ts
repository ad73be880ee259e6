// The clock the scheduler reads and the timers it sets, so that tests can run it in virtual time.

export interface ClockTimers {
  /** Wall-clock time in epoch milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setImmediate(fn: () => void): unknown;
}

/** What a worker and its parts read the time from and set their timers with. */
export type Clock = ClockTimers;

/** Date.now and Node's timers. */
export const realTimers: ClockTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setImmediate: (fn) => setImmediate(fn),
};

/** Node's timer handles keep the process alive; this one then does not (a virtual clock's handles have no such notion). */
export function unref(handle: unknown): unknown {
  (handle as { unref?: () => void } | null)?.unref?.();
  return handle;
}

/** Resolves after `ms` on `clock`, or at once when `signal` aborts. */
export function sleepOn(clock: ClockTimers, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = clock.setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** Calls `fn` every `ms` until the returned function is called. */
export function every(clock: ClockTimers, ms: number, fn: () => void, options: { unref?: boolean } = {}): () => void {
  let stopped = false;
  let timer: unknown;
  const arm = (): void => {
    timer = clock.setTimeout(() => {
      if (stopped) return;
      arm();
      fn();
    }, ms);
    if (options.unref === true) unref(timer);
  };
  arm();
  return () => {
    stopped = true;
    clock.clearTimeout(timer);
  };
}

/** Whether `work` settled within `ms`. The timer goes as soon as the work is done. */
export async function withinMs(clock: ClockTimers, work: Promise<unknown>, ms: number): Promise<boolean> {
  // Left running, the timer kept a stopped worker's process (the library's, which does not
  // exit after a stop) alive for the grace period.
  let timer: unknown;
  const late = new Promise<boolean>((resolve) => { timer = clock.setTimeout(() => resolve(false), ms); });
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clock.clearTimeout(timer);
  }
}
