// Waiting out a database that is away: exponential backoff, reported once per outage.
import { realTimers, sleepOn, type ClockTimers } from '../clock/timers';
import { DatabaseUnavailableError } from './errors';

/** First wait after a failure; doubles up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 250;
/** Never wait longer than this between attempts, so a restarted database is found within seconds. */
export const MAX_BACKOFF_MS = 5_000;

export function backoffDelay(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return sleepOn(realTimers, ms, signal);
}

/**
 * The pauses between attempts of one retrying part (the writer, the reader). `hurry` ends the
 * pauses under way and keeps the next ones short: a stopping process has only its grace
 * period, and what it still has to write (an outcome, a hand-back) must not wait out a
 * backoff of seconds begun while the database was away.
 */
export class RetryPauses {
  private hurried = false;
  private readonly sleepers = new Set<() => void>();

  /** Waits before attempt `failures + 1`: the backoff, or FIRST_BACKOFF_MS once hurried. */
  wait(failures: number): Promise<void> {
    const ms = this.hurried ? FIRST_BACKOFF_MS : backoffDelay(failures);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  hurry(): void {
    this.hurried = true;
    for (const wake of [...this.sleepers]) wake();
  }
}

/** Tells the log once when the database goes away and once when it is back. */
export class OutageReporter {
  private down = false;
  constructor(private readonly log: (line: string) => void) {}

  failed(message: string): void {
    if (this.down) return;
    this.down = true;
    this.log(`${message}; retrying in the background`);
  }

  recovered(what: string): void {
    if (!this.down) return;
    this.down = false;
    this.log(`database is back: ${what}`);
  }
}

export interface UntilAvailableOptions {
  log: (line: string) => void;
  /** Ends the waiting: the last failure is then thrown. */
  signal: AbortSignal;
  clock?: ClockTimers;
}

/**
 * Runs `action` until the database answers, waiting out an outage with the backoff and
 * reporting it once. Any other failure, and any once `signal` has aborted, is thrown.
 */
export async function untilAvailable<T>(what: string, action: () => Promise<T>, options: UntilAvailableOptions): Promise<T> {
  const outage = new OutageReporter(options.log);
  for (let failures = 1; ; failures += 1) {
    try {
      const value = await action();
      outage.recovered(`${what.replace(/^cannot /, '')}: done`);
      return value;
    } catch (err) {
      if (!(err instanceof DatabaseUnavailableError) || options.signal.aborted) throw err;
      outage.failed(`${what}: ${err.message}`);
      await sleepOn(options.clock ?? realTimers, backoffDelay(failures), options.signal);
    }
  }
}
