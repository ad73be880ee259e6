// When tasks are not done in time: what the start records say (started or not), and a few
// of the tasks left as the database has them (status, revision, lease), so that a stuck
// task is reported precisely. `_find` without an index scans every document on both
// CouchDB and the embedded server: only used on failure, and given up after a minute.
import type { CouchClient } from './couch-client';
import { readStarts } from './recording-jobs';

const FIND_TIMEOUT_MS = 60_000;

/** How many tasks started (once or more) and how many of those are not done. */
export function describeStarts(jobsDir: string, doneIds: ReadonlySet<string>): string {
  const started = new Set(readStarts(jobsDir).map((record) => record.id));
  const startedNotDone = [...started].filter((id) => !doneIds.has(id)).length;
  return `${started.size} tasks started, ${startedNotDone} of them not done`;
}

interface Found {
  docs: Array<{ _id: string; _rev: string; status?: string; lease?: unknown; date?: unknown }>;
}

export async function describeNotDone(client: CouchClient, db: string, worker: string, limit = 3): Promise<string> {
  try {
    const found = await client.json<Found>('POST', `/${db}/_find`, {
      selector: { worker, status: { $ne: 'done' } },
      fields: ['_id', '_rev', 'status', 'date', 'lease'],
      limit,
    }, FIND_TIMEOUT_MS);
    if (found.docs.length === 0) return 'the database has no task left that is not done';
    return `not done in the database, e.g. ${found.docs.map((doc) => JSON.stringify(doc)).join('; ')}`;
  } catch (err) {
    return `(could not read the tasks left: ${(err as Error).message})`;
  }
}
