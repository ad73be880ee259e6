// The pm2 app of `after db -b`: `bin/after db` with the same options, as `after-db`.
import { afterApp } from './after-app';
import { DATABASE } from './process-names';
import type { Pm2App } from '../../pm2/start';

// Closing the HTTP server and LevelDB takes well under a second; this leaves room for a busy disk.
const DB_KILL_TIMEOUT_MS = 10_000;

/** `options`: the options `after db` was given, paths absolute (see forwardedOptions). */
export function dbApp(options: string[]): Pm2App {
  return afterApp({ name: DATABASE, args: ['db', ...options], killTimeoutMs: DB_KILL_TIMEOUT_MS });
}
