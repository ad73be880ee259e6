// Empties the out and err log files of the processes pm2 holds under one name.
import { fromCallback } from './callback';
import type { Pm2 } from './connection';

export async function flushLogs(pm2: Pm2, name: string): Promise<void> {
  await fromCallback<unknown>(`empty the logs of '${name}'`, (done) => pm2.flush(name, done));
}
