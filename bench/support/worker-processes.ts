// Worker processes started the way users start them: the real `bin/after start <name>`, one
// child process each, its output going to a log file (as under pm2) rather than through the
// bench, and stopped by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AFTER_BIN, afterEnv, type AfterTarget } from './after-cli';
import type { Cleanup } from './cleanup';
import { LogTail } from './log-tail';

const STARTED = /^(\S+) \[[^\]]*\] worker '.*' started on /;
const LOADED = /^(\S+) \[[^\]]*\] worker '.*' loaded (\d+) open task\(s\)/;
const POLL_MS = 100;
const STOP_TIMEOUT_MS = 30_000;

export interface WorkerProcess {
  pid: number;
  logFile: string;
  /** When it logged that it had started, serving new tasks (epoch ms), once it has. */
  startedAtMs: number | null;
  /** How many open tasks it said it loaded at start, once it has loaded them. */
  loadedTasks: number | null;
  /** When it logged that it had loaded the open tasks in the database (epoch ms), once it has. */
  loadedAtMs: number | null;
  /** The exit code or signal once it has exited, else null. */
  exitStatus(): string | null;
  /** Resolves once it says it started; rejects if it exits first. */
  waitStarted(timeoutMs: number): Promise<void>;
  /** Resolves with how many open tasks it loaded once it says so; rejects if it exits first. */
  waitLoaded(timeoutMs: number): Promise<number>;
  /** SIGTERM (the graceful stop users get), SIGKILL if it has not exited within 30 s. */
  stop(): Promise<void>;
  /** SIGKILL: leaves what it held as it was in the database. */
  kill(): Promise<void>;
}

export interface WorkerStart {
  name: string;
  target: AfterTarget;
  jobsDir: string;
  /** Where its log file goes. */
  dir: string;
  /** Added to its environment. */
  env?: NodeJS.ProcessEnv;
  /** Given to node before the script, e.g. ['--cpu-prof']. */
  nodeArgs?: string[];
  /** Added to `after start`'s options, e.g. ['--concurrency', '10000']. */
  startArgs?: string[];
  cleanup: Cleanup;
}

export function startWorker(options: WorkerStart, index = 0): WorkerProcess {
  const logFile = path.join(options.dir, `worker-${options.name}-${index}-${Date.now()}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), AFTER_BIN, 'start', options.name, '--config', options.target.configFile, '--jobs', options.jobsDir, ...(options.startArgs ?? [])], {
    env: { ...afterEnv(options.target), ...options.env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (!hasExited(child)) process.kill(child.pid as number, name);
    await exited;
  };
  const stopGracefully = async (): Promise<void> => {
    const timer = setTimeout(() => { if (!hasExited(child)) process.kill(child.pid as number, 'SIGKILL'); }, STOP_TIMEOUT_MS);
    await signal('SIGTERM');
    clearTimeout(timer);
  };
  const unregister = options.cleanup.defer(`stop worker process ${child.pid}`, stopGracefully);

  const tail = new LogTail(logFile);
  const readLog = (): void => {
    for (const line of tail.newLines()) {
      const started = STARTED.exec(line);
      if (started) worker.startedAtMs = Date.parse(started[1]);
      const loaded = LOADED.exec(line);
      if (loaded) {
        worker.loadedAtMs = Date.parse(loaded[1]);
        worker.loadedTasks = Number(loaded[2]);
      }
    }
  };
  const waitFor = async (seen: () => boolean, what: string, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (readLog(); !seen(); readLog()) {
      if (hasExited(child)) throw new Error(`worker ${child.pid} exited (${child.exitCode ?? child.signalCode}) before it could ${what}:\n${LogTail.tail(logFile)}`);
      if (Date.now() > deadline) throw new Error(`worker ${child.pid} did not ${what} within ${timeoutMs / 1000} s:\n${LogTail.tail(logFile)}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  const worker: WorkerProcess = {
    pid: child.pid as number,
    logFile,
    startedAtMs: null,
    loadedTasks: null,
    loadedAtMs: null,
    exitStatus: () => (hasExited(child) ? String(child.exitCode ?? child.signalCode) : null),
    async waitStarted(timeoutMs) {
      await waitFor(() => worker.startedAtMs !== null, 'start', timeoutMs);
    },
    async waitLoaded(timeoutMs) {
      await waitFor(() => worker.loadedAtMs !== null, 'load its open tasks', timeoutMs);
      return worker.loadedTasks as number;
    },
    stop: unregister,
    async kill() {
      await signal('SIGKILL');
      await unregister();
    },
  };
  return worker;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** The first worker process that has exited, described, or null while all run. */
export function exitedWorker(workers: readonly WorkerProcess[]): string | null {
  for (const worker of workers) {
    const status = worker.exitStatus();
    if (status !== null) return `worker ${worker.pid} exited (${status}):\n${LogTail.tail(worker.logFile)}`;
  }
  return null;
}
