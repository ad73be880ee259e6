// Virtual time for code that awaits promises between its timers (the worker): before each timer
// fires, every promise that can settle has settled, as between Node's own timer callbacks.
import { FakeClock } from '../clock/fake-clock';

/** Lets every pending promise callback run, with the fake clock's setImmediate callbacks they queue. */
export async function settle(clock: FakeClock): Promise<void> {
  for (;;) {
    // A real macrotask: the microtask queue is empty once it runs.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (clock.immediateCount === 0) return;
    clock.runImmediates();
  }
}

/** Moves `clock` to `targetMs` one timer at a time, settling promises before and after each. */
export async function runUntil(clock: FakeClock, targetMs: number): Promise<void> {
  await settle(clock);
  while (clock.runNextTimer(targetMs)) await settle(clock);
  clock.advanceTo(targetMs);
  await settle(clock);
}

/** Moves `clock` on until `done()` holds, at most to `limitMs`; throws saying `what` if it never does. */
export async function runUntilTrue(clock: FakeClock, done: () => boolean, limitMs: number, what: string): Promise<void> {
  await settle(clock);
  while (!done()) {
    if (!clock.runNextTimer(limitMs)) throw new Error(`${what}: not by ${new Date(limitMs).toISOString()} (virtual time)`);
    await settle(clock);
  }
}
