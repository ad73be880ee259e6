// How an executable job's exit and output become an outcome. A last non-empty stdout line
// DONE, FAIL or SCHED_LATER <seconds> decides; otherwise the exit code does (0 is done).
import { truncate } from './describe-value';
import type { JobOutcome } from './types';

/** The most stdout kept as a done run's result. */
export const MAX_RESULT_BYTES = 64 * 1024;
const MAX_LINE_CHARS = 300;
const MAX_DETAIL_BYTES = 2048;

/** What a finished child left behind (the tails of its output). */
export interface ExecutableExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** True when the front of stdout was dropped to keep it bounded. */
  stdoutTruncated: boolean;
  stderr: string;
}

type Marker = { kind: 'DONE' } | { kind: 'FAIL' } | { kind: 'SCHED_LATER'; seconds: number | null; line: string };

export function executableOutcome(jobName: string, exit: ExecutableExit): JobOutcome {
  const lines = exit.stdout.split(/\r?\n/);
  const lastIndex = lastNonEmptyIndex(lines);
  const marker = lastIndex >= 0 ? parseMarker(lines[lastIndex].trim()) : null;
  const output = marker ? lines.slice(0, lastIndex).join('\n') : exit.stdout;

  if (marker?.kind === 'SCHED_LATER') {
    if (marker.seconds !== null) return { kind: 'later', seconds: marker.seconds };
    return failure(jobName, `job '${jobName}' printed '${truncate(marker.line, MAX_LINE_CHARS)}'; ` +
      'expected SCHED_LATER <seconds>, a positive number', exit, output);
  }
  if (marker?.kind === 'DONE') return done(output, exit.stdoutTruncated);
  if (marker?.kind === 'FAIL') return failure(jobName, `job '${jobName}' printed FAIL`, exit, output);
  if (exit.code === 0) return done(output, exit.stdoutTruncated);
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return failure(jobName, `job '${jobName}' ${how}`, exit, output);
}

function parseMarker(line: string): Marker | null {
  if (line === 'DONE') return { kind: 'DONE' };
  if (line === 'FAIL') return { kind: 'FAIL' };
  if (line !== 'SCHED_LATER' && !/^SCHED_LATER\s/.test(line)) return null;
  const match = /^SCHED_LATER\s+(\S+)$/.exec(line);
  const seconds = match ? Number(match[1]) : NaN;
  return { kind: 'SCHED_LATER', seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : null, line };
}

/** The output as the result: parsed when it is JSON, else the trimmed text; nothing is null. */
function done(output: string, frontDropped: boolean): JobOutcome {
  const text = output.trim();
  if (text === '') return { kind: 'done', result: null };
  const bounded = tailBytes(text, MAX_RESULT_BYTES);
  if (frontDropped || bounded !== text) return { kind: 'done', result: `…${bounded}` };
  try {
    return { kind: 'done', result: JSON.parse(text) };
  } catch {
    return { kind: 'done', result: text };
  }
}

/** An error saying what happened, then the child's own last word: its last stderr line, else stdout's. */
function failure(jobName: string, what: string, exit: ExecutableExit, output: string): JobOutcome {
  const lastWord = lastLine(exit.stderr) ?? lastLine(output);
  const detail: Record<string, unknown> = { exit_code: exit.code, signal: exit.signal };
  if (exit.stderr.trim()) detail.stderr = tailBytes(exit.stderr.trim(), MAX_DETAIL_BYTES);
  if (output.trim()) detail.stdout = tailBytes(output.trim(), MAX_DETAIL_BYTES);
  const message = lastWord ? `${what}: ${truncate(lastWord, MAX_LINE_CHARS)}` : what;
  return { kind: 'error', message, detail };
}

function lastNonEmptyIndex(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i -= 1) if (lines[i].trim() !== '') return i;
  return -1;
}

function lastLine(text: string): string | null {
  const lines = text.split(/\r?\n/);
  const index = lastNonEmptyIndex(lines);
  return index >= 0 ? lines[index].trim() : null;
}

/** The end of `text`, at most `maxBytes` of UTF-8. */
function tailBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let start = bytes.length - maxBytes;
  while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) start += 1;
  return bytes.subarray(start).toString('utf8');
}
