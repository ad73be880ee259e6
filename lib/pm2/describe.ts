// The processes pm2 holds under one name (none when the name is unknown).
import type { ProcessDescription } from 'pm2';
import { fromCallback } from './callback';
import type { Pm2 } from './connection';
import { toProcessInfo, type Pm2ProcessInfo } from './process-info';

export async function describeProcess(pm2: Pm2, name: string): Promise<Pm2ProcessInfo[]> {
  const descriptions = await fromCallback<ProcessDescription[]>(`describe '${name}'`, (done) => pm2.describe(name, done));
  return (descriptions ?? []).map(toProcessInfo);
}
