// Turning what a job produced into a JobOutcome, the same way for module and executable jobs.
import path from 'node:path';
import { types } from 'node:util';
import { truncate } from './describe-value';
import type { JobOutcome } from './types';

const MAX_MESSAGE_CHARS = 2000;
const MAX_STACK_LINES = 12;
const RUNNER_DIR = `${__dirname}${path.sep}`;

/** A finished run. The result is stored in the task document, so it must be JSON; `undefined` becomes `null`. */
export function doneOutcome(jobName: string, result: unknown): JobOutcome {
  let json: string | undefined;
  try {
    json = JSON.stringify(result, refuseNonJsonValues);
  } catch (err) {
    return {
      kind: 'error',
      message: `job '${jobName}' finished with a result that is not JSON (${notJsonReason(err)}); ` +
        'return plain data: objects, arrays, strings, numbers, booleans, null',
    };
  }
  // Parsing back detaches the stored value from the job's own objects (and applies toJSON, e.g. Dates).
  return { kind: 'done', result: json === undefined ? null : JSON.parse(json) };
}

/** A failed run, from whatever the job threw, rejected with or emitted as 'error'. */
export function errorOutcome(failure: unknown): JobOutcome {
  if (isError(failure)) {
    const detail: Record<string, unknown> = {};
    if (failure.name && failure.name !== 'Error') detail.name = failure.name;
    const code = (failure as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') detail.code = code;
    if (failure.stack) detail.stack = boundedStack(failure.stack);
    return { kind: 'error', message: boundedMessage(failure.message || 'job failed'), detail };
  }
  return { kind: 'error', message: boundedMessage(messageOf(failure)) };
}

/** A run ended by its AbortSignal. */
export function abortedOutcome(jobName: string, signal: AbortSignal, detail?: Record<string, unknown>): JobOutcome {
  const outcome: JobOutcome = { kind: 'error', message: `job '${jobName}' was aborted: ${reasonOf(signal.reason)}` };
  if (detail) outcome.detail = detail;
  return outcome;
}

function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

function messageOf(failure: unknown): string {
  if (failure === undefined || failure === null || failure === '') return 'job failed';
  if (typeof failure === 'string') return failure;
  if (typeof failure === 'object') {
    const message = (failure as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
    try {
      const json = JSON.stringify(failure);
      if (json !== undefined) return json;
    } catch {
      // Not JSON either: fall back to String() below.
    }
  }
  return String(failure);
}

function reasonOf(reason: unknown): string {
  if (reason === undefined) return 'no reason given';
  return isError(reason) ? reason.message || reason.name : messageOf(reason);
}

function refuseNonJsonValues(key: string, value: unknown): unknown {
  const type = typeof value;
  if (type === 'function' || type === 'symbol' || type === 'bigint') {
    throw new TypeError(key === '' ? `it is a ${type}` : `key '${key}' holds a ${type}`);
  }
  return value;
}

function notJsonReason(err: unknown): string {
  const message = isError(err) ? err.message : String(err);
  if (message.startsWith('Converting circular structure')) return 'it contains a circular reference';
  return message.split('\n')[0];
}

function boundedMessage(message: string): string {
  return truncate(message, MAX_MESSAGE_CHARS);
}

/** The job's own frames: the stack up to where this runner called the job, bounded. */
function boundedStack(stack: string): string {
  const lines = stack.split('\n');
  const runnerFrame = lines.findIndex((line) => line.includes(RUNNER_DIR));
  const jobFrames = runnerFrame > 0 ? lines.slice(0, runnerFrame) : lines;
  return truncate(jobFrames.slice(0, MAX_STACK_LINES).join('\n'), MAX_MESSAGE_CHARS * 2);
}
