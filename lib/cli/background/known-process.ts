// The pm2 processes of an After name, for `after stop|log|clean`; a NotRunningError when pm2
// holds none.
import type { Pm2 } from '../../pm2/connection';
import { describeProcess } from '../../pm2/describe';
import type { Pm2ProcessInfo } from '../../pm2/process-info';
import { NotRunningError } from './errors';
import { DATABASE, pm2NameOf } from './process-names';

export async function knownProcesses(pm2: Pm2, name: string): Promise<Pm2ProcessInfo[]> {
  const processes = await describeProcess(pm2, pm2NameOf(name));
  if (processes.length === 0) {
    throw new NotRunningError(name === DATABASE
      ? 'the database is not running in the background; see: after list'
      : `no worker '${name}' is running; see: after list`);
  }
  return processes;
}
