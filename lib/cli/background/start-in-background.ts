// Starts an After app under pm2, unless it already runs there. An entry left `stopped` or
// `errored` (it failed to start, or was stopped with pm2 itself) is replaced by the new one.
import type { Pm2 } from '../../pm2/connection';
import { describeProcess } from '../../pm2/describe';
import { startProcess, type Pm2App } from '../../pm2/start';
import { deleteProcess } from '../../pm2/stop';
import { AlreadyRunningError } from './errors';
import { describeName } from './process-names';

const ENDED_STATUSES = new Set(['stopped', 'errored']);

export async function startInBackground(pm2: Pm2, app: Pm2App, name: string): Promise<void> {
  const existing = await describeProcess(pm2, app.name);
  if (existing.some((entry) => !ENDED_STATUSES.has(entry.status))) {
    throw new AlreadyRunningError(`${describeName(name)} is already running; stop it with: after stop ${name}`);
  }
  if (existing.length > 0) await deleteProcess(pm2, app.name);
  await startProcess(pm2, app);
}
