// What becomes of a task whose run failed: run it again later, or give up (README "Retries,
// limits and time-outs"). Pure: the time is passed in, nothing is read or written.
import { currentStep, stepLabel } from '../task/chain';
import { retrySettings, type RetrySettings } from '../task/rules';
import type { Task } from '../task/task';
import { retryDelayMs } from './backoffs';

export type FailurePlan = { kind: 'retry'; atMs: number; retry: number } | { kind: 'give-up'; reason: string };

// The last moment an ISO 8601 task date can hold: checkTask takes four-digit years only.
const LAST_TASK_DATE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** `attempts` or `fails` as stored: users may write anything there, which counts as 0. */
export function storedCount(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

const times = (count: number, one: string): string => `${count} ${one}${count === 1 ? '' : 's'}`;

/** Why a task gives up once its `max_attempts` is reached, e.g. `gave up after 5 attempts (max_attempts 5)`. */
export function maxAttemptsReason(task: Task): string {
  const doc = task.doc;
  return `gave up after ${times(storedCount(doc.attempts), 'attempt')} (max_attempts ${doc.max_attempts})`;
}

/** A retry policy and how messages name it: `retry`, or a chain step's own, `job[1].retry`. */
export interface RetryPolicy {
  settings: RetrySettings;
  label: string;
}

/**
 * The retry policy of a failure: in a chain, the failed step's own `retry` (the document's
 * `step`), else the task's; null for none. Throws TaskError with checkTask's message for a
 * document checkTask refuses.
 */
export function retryPolicyOf(task: Task): RetryPolicy | null {
  const { retry } = task.limits;
  const step = currentStep(task.doc);
  const own = step?.retry === undefined ? null : retrySettings(step.retry);
  if (own !== null) return { settings: own, label: `${stepLabel(task.doc.step as number)}.retry` };
  return retry === null ? null : { settings: retry, label: 'retry' };
}

/**
 * What to do after a failed run. `attempts` already counts this run and `fails` this
 * failure (so it is >= 1, and retry n follows failure n). Gives up, with the first reason that
 * applies: no `retry`; `retry.limit` retries already made; `max_fails` reached;
 * `max_attempts` reached; a retry date past what a task date can hold. In a chain, `attempts`
 * and `fails` count the tries of the failed step, and its own `retry` goes before the task's
 * (retryPolicyOf). Throws TaskError with checkTask's message for a document checkTask refuses.
 */
export function planAfterFailure(task: Task, nowMs: number): FailurePlan {
  const doc = task.doc;
  const fails = storedCount(doc.fails);
  if (fails < 1) throw new RangeError(`fails ${String(doc.fails)} does not count the failure being planned for`);
  const attempts = storedCount(doc.attempts);
  const { maxAttempts, maxFails } = task.limits;
  const policy = retryPolicyOf(task);
  if (policy === null) return { kind: 'give-up', reason: 'failed and has no retry' };
  const retry = policy.settings;
  if (fails > retry.limit) return { kind: 'give-up', reason: `no retries left (${policy.label}.limit ${retry.limit})` };
  if (maxFails !== null && fails >= maxFails) {
    return { kind: 'give-up', reason: `gave up after ${times(fails, 'failure')} (max_fails ${maxFails})` };
  }
  if (maxAttempts !== null && attempts >= maxAttempts) return { kind: 'give-up', reason: maxAttemptsReason(task) };
  const atMs = nowMs + retryDelayMs(retry, fails);
  if (!(atMs <= LAST_TASK_DATE_MS)) {
    return { kind: 'give-up', reason: `retry ${fails} would be due after 9999-12-31, the last date a task can have` };
  }
  return { kind: 'retry', atMs, retry: fails };
}

/**
 * False when `max_attempts` is set and `attempts` has reached it: a task whose process died
 * while running it is then given up rather than run again. Throws TaskError for a document
 * checkTask refuses.
 */
export function attemptsLeft(task: Task): boolean {
  const { maxAttempts } = task.limits;
  return maxAttempts === null || storedCount(task.doc.attempts) < maxAttempts;
}
