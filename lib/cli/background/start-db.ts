// `after db -b`: the embedded database under pm2, and one line saying where it is.
import type { AfterConfig } from '../../config/config';
import { withPm2 } from '../../pm2/connection';
import { dbApp } from './db-app';
import { DATABASE, pm2NameOf } from './process-names';
import { startInBackground } from './start-in-background';

/** `options`: the options `after db` was given, paths absolute (see forwardedOptions). */
export async function startDbInBackground(options: string[], config: AfterConfig): Promise<void> {
  await withPm2((pm2) => startInBackground(pm2, dbApp(options), DATABASE));
  const where = config.port === 0 ? 'on a free port (its log says which)' : `on http://${config.host}:${config.port}`;
  process.stdout.write(`started the database in the background (pm2 ${pm2NameOf(DATABASE)}) ${where}; logs: after log ${DATABASE}\n`);
}
