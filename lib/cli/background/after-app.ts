// The pm2 app definition of one After process: `bin/after <args>` on this Node, in the current
// directory and environment, logs in pm2's log files.
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/config';
import type { Pm2App } from '../../pm2/start';
import { pm2NameOf } from './process-names';
import { RESTART_POLICY } from './restart-policy';

export const AFTER_BIN = path.join(PROJECT_ROOT, 'bin', 'after');

export interface AfterAppOptions {
  /** The After name: a worker name, or `db`. */
  name: string;
  /** bin/after's arguments, paths absolute. */
  args: string[];
  /** How long pm2 waits after SIGINT before SIGKILL. */
  killTimeoutMs: number;
}

export function afterApp(options: AfterAppOptions): Pm2App {
  return {
    name: pm2NameOf(options.name),
    script: AFTER_BIN,
    args: options.args,
    interpreter: process.execPath,
    cwd: process.cwd(),
    kill_timeout: options.killTimeoutMs,
    // The worker stops its jobs itself when their grace is over; pm2 killing the tree at once
    // would fail jobs that could have finished.
    treekill: false,
    ...RESTART_POLICY,
  };
}
