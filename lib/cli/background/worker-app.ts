// The pm2 app of `after start <name> -b`: `bin/after start <name>` with the same options.
import { afterApp } from './after-app';
import type { Pm2App } from '../../pm2/start';

export interface WorkerAppOptions {
  name: string;
  /** The options `after start` was given, paths absolute (see forwardedOptions). */
  options: string[];
  graceSeconds: number;
  /** How many processes serve the name (pm2 instances, each a fork of its own). */
  instances: number;
}

// The worker's stop waits up to the grace period twice (claims in the air, then running jobs),
// then aborts what still runs (executables get 2 s before SIGKILL) and flushes its writes.
const STOP_MARGIN_MS = 5_000;

export function workerKillTimeoutMs(graceSeconds: number): number {
  return Math.ceil(2 * graceSeconds * 1000) + STOP_MARGIN_MS;
}

export function workerApp(options: WorkerAppOptions): Pm2App {
  return {
    ...afterApp({
      name: options.name,
      args: ['start', options.name, ...options.options],
      killTimeoutMs: workerKillTimeoutMs(options.graceSeconds),
    }),
    instances: options.instances,
    exec_mode: 'fork',
    // One log for all processes of the name (pm2 would give each its own numbered file).
    merge_logs: true,
  };
}
