// pm2's home directory (sockets, pid file, logs): $PM2_HOME, else ~/.pm2, as pm2 resolves it.
// Checked before pm2 is loaded: on a home it cannot write, pm2 prints stack traces and waits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pm2Error } from './errors';

export function pm2Home(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PM2_HOME) return env.PM2_HOME;
  const home = os.homedir();
  return home ? path.resolve(home, '.pm2') : path.resolve('/etc', '.pm2');
}

/** Creates the home if needed; a Pm2Error when it is not a writable directory. */
export function ensureUsablePm2Home(home: string = pm2Home()): void {
  try {
    if (!fs.existsSync(home)) fs.mkdirSync(home, { recursive: true });
    if (!fs.statSync(home).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    fs.accessSync(home, fs.constants.W_OK);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Pm2Error(`pm2 cannot use ${home} as its home (${reason}); set PM2_HOME to a writable directory`);
  }
}
