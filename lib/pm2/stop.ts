// Stops the processes pm2 holds under one name (SIGINT, SIGKILL after their kill_timeout) and
// removes them from its list.
import { fromCallback } from './callback';
import type { Pm2 } from './connection';

export async function stopAndDelete(pm2: Pm2, name: string): Promise<void> {
  await fromCallback<unknown>(`stop '${name}'`, (done) => pm2.stop(name, done));
  await deleteProcess(pm2, name);
}

/** Removes them from pm2's list (stopping any still running). */
export async function deleteProcess(pm2: Pm2, name: string): Promise<void> {
  await fromCallback<unknown>(`delete '${name}'`, (done) => pm2.delete(name, done));
}
