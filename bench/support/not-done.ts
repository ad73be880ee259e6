// When tasks are not done in time: a few of them as the database has them (status and
// revision), so that a stuck task is reported precisely. `_find` without an index scans
// every document on both CouchDB and the embedded server: only used on failure.
import type { CouchClient } from './couch-client';

interface Found {
  docs: Array<{ _id: string; _rev: string; status?: string; lease?: unknown; date?: unknown }>;
}

export async function describeNotDone(client: CouchClient, db: string, worker: string, limit = 3): Promise<string> {
  try {
    const found = await client.json<Found>('POST', `/${db}/_find`, {
      selector: { worker, status: { $ne: 'done' } },
      fields: ['_id', '_rev', 'status', 'date', 'lease'],
      limit,
    });
    if (found.docs.length === 0) return 'the database has no task left that is not done';
    return `not done in the database, e.g. ${found.docs.map((doc) => JSON.stringify(doc)).join('; ')}`;
  } catch (err) {
    return `(could not read the tasks left: ${(err as Error).message})`;
  }
}
