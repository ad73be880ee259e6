// Each worker process keeps a document of its own in the tasks database while it lives, its
// heartbeat: `after-process:<name>:<process id>`, renewed every third of a lease and marked
// ended when the process stops (lib/worker/heartbeat-keeper.ts). The processes of one name
// read them to know each other before they meet on a task (see lib/worker/peers.ts). They
// carry no `worker` field, so no view, count or validation of tasks sees them.
import type { TasksDatabase } from './connection';
import { classifyDatabaseError } from './errors';

export const HEARTBEAT_ID_PREFIX = 'after-process:';

export interface Heartbeat {
  /** The worker name the process serves. */
  worker: string;
  /** The process (as in `lease.by` and `history[].by`). */
  id: string;
  started_at: string;
  /** Until when the process said it is alive (ISO 8601): it renews this well before. */
  until: string;
}

export interface HeartbeatDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  after_process: Heartbeat;
}

export function heartbeatId(worker: string, processId: string): string {
  return `${HEARTBEAT_ID_PREFIX}${worker}:${processId}`;
}

/** The heartbeat `doc` carries for `worker`, with its end in epoch ms; null for any other document. */
export function heartbeatOf(doc: { _id?: unknown; after_process?: unknown }, worker: string): (Heartbeat & { untilMs: number }) | null {
  const beat = doc.after_process as Partial<Heartbeat> | undefined;
  if (typeof beat !== 'object' || beat === null || beat.worker !== worker || typeof beat.id !== 'string') return null;
  if (doc._id !== heartbeatId(worker, beat.id) || typeof beat.until !== 'string') return null;
  const untilMs = Date.parse(beat.until);
  return Number.isFinite(untilMs) ? { ...(beat as Heartbeat), untilMs } : null;
}

/**
 * The heartbeat documents of `worker`'s processes (of every worker's without one), by id range: no view needed.
 * `limit` bounds how many are read (all when absent).
 */
export async function readHeartbeats(database: TasksDatabase, worker?: string, limit?: number): Promise<HeartbeatDoc[]> {
  const prefix = worker === undefined ? HEARTBEAT_ID_PREFIX : heartbeatId(worker, '');
  try {
    const page = await database.server.request({
      db: database.name,
      path: '_all_docs',
      method: 'GET',
      // nano JSON-encodes keys
      qs: { include_docs: true, startkey: prefix, endkey: `${prefix}\ufff0`, ...(limit === undefined ? {} : { limit }) },
    }) as { rows: Array<{ doc?: HeartbeatDoc | null }> };
    return page.rows.flatMap((row) => (row.doc ? [row.doc] : []));
  } catch (err) {
    throw classifyDatabaseError(err, database.where);
  }
}

/**
 * How many processes are alive at `nowMs` (their heartbeat reaches past it), by worker name:
 * of `worker`'s processes, or with no name of every worker's, in one read.
 */
export async function liveProcessCounts(database: TasksDatabase, worker?: string, nowMs = Date.now()): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const doc of await readHeartbeats(database, worker)) {
    const name = worker ?? (doc.after_process as Partial<Heartbeat> | undefined)?.worker;
    const beat = typeof name === 'string' ? heartbeatOf(doc, name) : null;
    if (beat !== null && beat.untilMs > nowMs) counts.set(beat.worker, (counts.get(beat.worker) ?? 0) + 1);
  }
  return counts;
}
