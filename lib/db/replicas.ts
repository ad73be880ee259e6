// How many copies of each document the database keeps: CouchDB 3 says so in `GET /<db>`
// (`cluster.n`); PouchDB and the embedded server keep one and do not say.
// With one copy every write with a stale `_rev` is refused (409); with more, two writes
// through different nodes can both land as siblings, and a claim must be confirmed.
import type { TasksDatabase } from './connection';
import { classifyDatabaseError } from './errors';

interface DatabaseInfo {
  cluster?: { n?: unknown };
}

export async function replicaCount(database: TasksDatabase): Promise<number> {
  let info: DatabaseInfo;
  try {
    info = await database.db.info() as DatabaseInfo;
  } catch (err) {
    throw classifyDatabaseError(err, database.where);
  }
  const n = info.cluster?.n;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 1;
}
