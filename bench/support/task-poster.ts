// Creates tasks as users do in bulk: POST /<db>/_bulk_docs, one batch after the other on
// one keep-alive connection, ids chosen by the server.
import type { CouchClient } from './couch-client';

export const POST_BATCH = 1000;

export interface TaskBody {
  worker: string;
  date: string;
  job: { name: string; arguments: unknown[] };
}

export interface PostTiming {
  /** When the first request was sent (epoch ms). */
  firstPostMs: number;
  /** When the last answer arrived (epoch ms). */
  lastAnswerMs: number;
}

interface BulkRow {
  id?: string;
  ok?: boolean;
  error?: string;
  reason?: string;
}

/** Posts `count` tasks made by `taskAt(i)`, in batches of `batch`; throws if any is refused. */
export async function postTasks(client: CouchClient, db: string, count: number, taskAt: (index: number) => TaskBody, batch = POST_BATCH): Promise<PostTiming> {
  const firstPostMs = Date.now();
  for (let start = 0; start < count; start += batch) {
    const docs: TaskBody[] = [];
    for (let i = start; i < Math.min(count, start + batch); i += 1) docs.push(taskAt(i));
    const rows = await client.json<BulkRow[]>('POST', `/${db}/_bulk_docs`, { docs });
    const refused = rows.find((row) => row.error !== undefined || row.ok === false);
    if (refused) throw new Error(`_bulk_docs refused a task: ${refused.error}: ${refused.reason ?? ''}`);
  }
  return { firstPostMs, lastAnswerMs: Date.now() };
}

/** The bench's task: the no-op job of the recording jobs folder. */
export function noopTask(worker: string, dateMs: number): TaskBody {
  return { worker, date: new Date(dateMs).toISOString(), job: { name: 'noop', arguments: [] } };
}
