// Runs an executable file from the jobs folder: no shell, the arguments as argv, the task
// document as JSON on stdin, the jobs folder as working directory, the worker's environment.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { executableOutcome, MAX_RESULT_BYTES } from './executable-outcome';
import { OutputTail } from './output-tail';
import { abortedOutcome } from './outcome';
import type { JobInput, JobOutcome } from './types';
import { messageOf } from '../log';

/** After SIGTERM, how long a job has to exit before SIGKILL. */
export const KILL_GRACE_MS = 2000;
// After the child exits, how long to wait for its stdout/stderr to close: a background
// process it started may hold them open for ever.
const CLOSE_GRACE_MS = 1000;
// Room for the marker line after the result.
const STDOUT_KEPT_BYTES = MAX_RESULT_BYTES + 1024;
const STDERR_KEPT_BYTES = 8 * 1024;
// Its own process group, so an abort also ends what a script started (e.g. bash's `sleep`).
const OWN_PROCESS_GROUP = process.platform !== 'win32';

/** argv for `job.arguments`: an array gives one argument per element, any other value one argument. */
export function executableArgv(args: unknown): string[] {
  if (args === undefined || args === null) return [];
  return (Array.isArray(args) ? args : [args]).map(argvString);
}

/** Strings as they are, anything else as JSON. */
function argvString(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? 'null';
}

/** Never rejects: every failure is an `error` outcome. */
export function runExecutableJob(file: string, input: JobInput): Promise<JobOutcome> {
  const { name, signal } = input;
  if (signal.aborted) return Promise.resolve(abortedOutcome(name, signal));

  return new Promise<JobOutcome>((resolve) => {
    let child: ChildProcessWithoutNullStreams;
    let stdin: string;
    try {
      stdin = `${JSON.stringify(input.doc)}\n`;
      child = spawn(file, executableArgv(input.arguments), {
        cwd: path.dirname(file),
        stdio: 'pipe',
        detached: OWN_PROCESS_GROUP,
      });
    } catch (err) {
      resolve(startFailure(name, file, err));
      return;
    }

    const stdout = new OutputTail(STDOUT_KEPT_BYTES);
    const stderr = new OutputTail(STDERR_KEPT_BYTES);
    let settled = false;
    let aborted = false;
    let closeTimer: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const settle = (outcome: JobOutcome): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      clearTimeout(closeTimer);
      resolve(outcome);
    };
    const onAbort = (): void => {
      aborted = true;
      killGroup(child, 'SIGTERM');
      // Kept after the child exits while its group lives on: it also ends what the child started.
      killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS);
    };
    signal.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // EPIPE and the like: a job need not read its stdin.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);

    child.on('error', (err) => {
      if (child.pid === undefined) settle(startFailure(name, file, err));
    });
    child.on('exit', (code, exitSignal) => {
      if (aborted) {
        if (!groupAlive(child)) clearTimeout(killTimer);
        settle(abortedOutcome(name, signal, { exit_code: code, signal: exitSignal }));
        return;
      }
      closeTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, CLOSE_GRACE_MS);
    });
    child.on('close', (code, exitSignal) => {
      if (aborted) {
        settle(abortedOutcome(name, signal, { exit_code: code, signal: exitSignal }));
        return;
      }
      settle(executableOutcome(name, {
        code,
        signal: exitSignal,
        stdout: stdout.text(),
        stdoutTruncated: stdout.truncated,
        stderr: stderr.text(),
      }));
    });
  });
}

function killGroup(child: ChildProcessWithoutNullStreams, killSignal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (OWN_PROCESS_GROUP) process.kill(-child.pid, killSignal);
    else child.kill(killSignal);
  } catch {
    // The group is gone already.
  }
}

function groupAlive(child: ChildProcessWithoutNullStreams): boolean {
  if (!OWN_PROCESS_GROUP || child.pid === undefined) return false;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

function startFailure(jobName: string, file: string, err: unknown): JobOutcome {
  const code = (err as NodeJS.ErrnoException).code;
  const hint = code === 'ENOENT' ? '; check that its #! line names an installed interpreter'
    : code === 'EACCES' ? '; check that the worker\'s user may execute it'
    : '';
  const message = messageOf(err);
  const outcome: JobOutcome = { kind: 'error', message: `job '${jobName}' could not start (${file}): ${message}${hint}` };
  if (code) outcome.detail = { code };
  return outcome;
}
