// A task's limits (README "Retries, limits and time-outs"): the fields that bound its runs,
// read from a document the rules accept, each absent one replaced by its default.
import type { RetrySettings } from './rules';
import type { TaskDoc } from './types';

export interface Limits {
  /**
   * `retry` with its own defaults filled in (an interval of 1000 ms, a fixed backoff, no cap).
   * @default null: a failed run is final
   */
  retry: RetrySettings | null;
  /**
   * `max_attempts`: give up once this many runs have started.
   * @default null: no limit
   */
  maxAttempts: number | null;
  /**
   * `max_fails`: give up once this many runs have failed.
   * @default null: no limit
   */
  maxFails: number | null;
  /**
   * `timeout`: milliseconds a run may take.
   * @default null: the job's own time-out, if it has one
   */
  timeoutMs: number | null;
  /**
   * `priority`: among tasks due together, a higher one starts first.
   * @default 0
   */
  priority: number;
}

/** The limits of `doc`, which the rules accept; `retry` as the rules read it. */
export function limitsOf(doc: TaskDoc, retry: RetrySettings | null): Limits {
  return {
    retry,
    maxAttempts: doc.max_attempts ?? null,
    maxFails: doc.max_fails ?? null,
    timeoutMs: doc.timeout ?? null,
    priority: doc.priority ?? 0,
  };
}
