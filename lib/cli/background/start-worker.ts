// `after start <name> -b`: the worker under pm2, and one line saying where it is.
import { withPm2 } from '../../pm2/connection';
import { pm2NameOf } from './process-names';
import { startInBackground } from './start-in-background';
import { workerApp, type WorkerAppOptions } from './worker-app';

export async function startWorkerInBackground(options: WorkerAppOptions): Promise<void> {
  const app = workerApp(options);
  await withPm2((pm2) => startInBackground(pm2, app, options.name));
  process.stdout.write(`started worker '${options.name}' in the background (pm2 ${pm2NameOf(options.name)}, ` +
    `${options.instances} process${options.instances === 1 ? '' : 'es'}); ` +
    `logs: after log ${options.name}\n`);
}
