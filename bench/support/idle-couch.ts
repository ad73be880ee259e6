// An external CouchDB goes on working after a run: it indexes views (CouchDB 3 builds them in
// the background after writes) and removes deleted databases. The next run starts once that
// work is over, so that it does not pay for the previous one.
import type { CouchClient } from './couch-client';

const SETTLE_LIMIT_MS = 120_000;
const POLL_MS = 500;

/** Resolves when `_active_tasks` has been empty twice in a row, or after two minutes (returns false). */
export async function untilIdle(client: CouchClient): Promise<boolean> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let idleReadings = 0;
  while (Date.now() < deadline) {
    const tasks = await client.json<unknown[]>('GET', '/_active_tasks');
    idleReadings = tasks.length === 0 ? idleReadings + 1 : 0;
    if (idleReadings >= 2) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}
