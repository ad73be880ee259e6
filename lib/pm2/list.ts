// Every process pm2 holds, whoever started it.
import type { ProcessDescription } from 'pm2';
import { fromCallback } from './callback';
import type { Pm2 } from './connection';
import { toProcessInfo, type Pm2ProcessInfo } from './process-info';

export async function listProcesses(pm2: Pm2): Promise<Pm2ProcessInfo[]> {
  const descriptions = await fromCallback<ProcessDescription[]>('list its processes', (done) => pm2.list(done));
  return (descriptions ?? []).map(toProcessInfo);
}
