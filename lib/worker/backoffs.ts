// The delay before each retry of a failed run, by backoff strategy (as in BullMQ's Backoffs).
import type { RetrySettings } from '../task/rules';

/** The delay before retry `n` (1 for the first) from the first delay `intervalMs`. */
export type BackoffStrategy = (intervalMs: number, n: number) => number;

export const BACKOFFS: Readonly<Record<RetrySettings['backoff'], BackoffStrategy>> = {
  fixed: (intervalMs) => intervalMs,
  exponential: (intervalMs, n) => intervalMs * 2 ** (n - 1),
};

/** Milliseconds to wait before retry `n`: the strategy's delay, capped by `maxMs`, in whole milliseconds. */
export function retryDelayMs(settings: RetrySettings, n: number): number {
  const delay = BACKOFFS[settings.backoff](settings.intervalMs, n);
  return Math.ceil(settings.maxMs === null ? delay : Math.min(delay, settings.maxMs));
}
