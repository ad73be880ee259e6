// Runs the real `bin/after start <name>` as a child process, and stops it by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'after');

export interface WorkerProcess {
  pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** False once it has exited. */
  running(): boolean;
  /** Resolves when its output matches `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM (graceful stop); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL. */
  kill(): Promise<void>;
}

export async function startWorker(name: string, configFile: string, extraArgs: string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BIN, 'start', name, '--config', configFile, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const worker: WorkerProcess = {
    pid: child.pid as number,
    output: () => text,
    running: () => child.exitCode === null && child.signalCode === null,
    async waitForOutput(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (child.exitCode !== null) throw new Error(`worker exited (${child.exitCode}) before printing ${pattern}:\n${text}`);
        if (Date.now() > deadline) throw new Error(`worker did not print ${pattern} within ${timeoutMs} ms:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: () => signal(child, 'SIGTERM', exited),
    kill: async () => { await signal(child, 'SIGKILL', exited); },
  };
  await worker.waitForOutput(/worker '.*' started/);
  return worker;
}

function signal(child: ChildProcess, name: NodeJS.Signals, exited: Promise<number | null>): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) process.kill(child.pid as number, name);
  return exited;
}
