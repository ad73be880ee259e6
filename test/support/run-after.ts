// Runs the real `bin/after` as a child process and collects what it prints and its exit code.
import { spawn } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'after');

export interface AfterRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunAfterOptions {
  /** Added to this process's environment (the test process's own AFTER_* variables are dropped). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** SIGKILL by PID after this long; the run then fails the test. */
  timeoutMs?: number;
  /** Close the reading end of its stdout at once, as `after ... | head -0` would. */
  closeStdout?: boolean;
}

export interface RunningAfter {
  pid: number;
  /** What it printed on stdout so far. */
  stdout(): string;
  /** Resolves when it exits. */
  finished: Promise<AfterRun>;
}

export function startAfter(args: string[], options: RunAfterOptions = {}): RunningAfter {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AFTER_')));
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (options.closeStdout) child.stdout.destroy();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const finished = new Promise<AfterRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(child.pid as number, 'SIGKILL');
      reject(new Error(`after ${args.join(' ')} did not exit within ${timeoutMs} ms; stdout: ${stdout} stderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { pid: child.pid as number, stdout: () => stdout, finished };
}

export function runAfter(args: string[], options: RunAfterOptions = {}): Promise<AfterRun> {
  return startAfter(args, options).finished;
}
