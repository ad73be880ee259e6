// An external CouchDB goes on working after a run: it indexes views (CouchDB 3 builds them in
// the background after writes), compacts databases (its auto-compaction daemon, several times
// a run when every task is three revisions) and removes deleted databases.
import type { CouchClient } from './couch-client';

const SETTLE_LIMIT_MS = 120_000;
const POLL_MS = 250;

interface ActiveTask {
  database?: string;
}

/**
 * Polls `_active_tasks` until the tasks `busy` picks have been absent for `quietMs`, or
 * until two minutes have passed (then resolves false).
 */
async function untilQuiet(client: CouchClient, busy: (tasks: ActiveTask[]) => boolean, quietMs: number): Promise<boolean> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (busy(await client.json<ActiveTask[]>('GET', '/_active_tasks'))) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}

/** The next run starts once the server has nothing left to do, so that it does not pay for the previous one. */
export function untilIdle(client: CouchClient): Promise<boolean> {
  return untilQuiet(client, (tasks) => tasks.length > 0, 2 * POLL_MS);
}

/**
 * Until the server has had no background work on database `db` for 4 s: a compaction it
 * starts a second after the last write is still work this database's run caused.
 */
export function untilDatabaseIdle(client: CouchClient, db: string): Promise<boolean> {
  // A shard's name: shards/00000000-7fffffff/<db>.<creation time>
  const onDb = (task: ActiveTask): boolean => task.database === db || (task.database ?? '').endsWith(`/${db}`) || (task.database ?? '').includes(`/${db}.`);
  return untilQuiet(client, (tasks) => tasks.some(onDb), 4000);
}
