// GET /api/overview: counts per worker and status, live processes, what is due in the next
// hour, and the start lateness of the last runs. Each part is a bounded read.
import type { TasksDatabase } from '../db/connection';
import { VIEWS, WORKER_KEYS } from '../db/design-doc';
import { classifyDatabaseError } from '../db/errors';
import { heartbeatOf, readHeartbeats } from '../db/heartbeats';
import { setupNeededOr } from '../db/setup-needed';
import { statusCounts } from '../db/status-counts';
import { FINAL_STATUSES, type StatusCounts, type TaskDoc } from '../task/types';
import { DASHBOARD_VIEWS } from './design-doc';
import { taskSummary, type TaskSummary } from './task-summary';
import { queryView } from './view-page';

/** A live worker process: from its heartbeat, or, without one, from the leases it holds. */
export interface ProcessSummary {
  id: string;
  started_at: string | null;
  until: string;
  /** Running tasks whose lease it holds, among the first LEASES_READ of its worker read. */
  running: number;
}

export interface DueTasks {
  /** Open tasks due by an hour from now (overdue ones included), counted up to DUE_COUNTED per worker. */
  total: number;
  /** Whether a worker has more than DUE_COUNTED: `total` is then a lower bound. */
  more: boolean;
  /** The soonest DUE_SHOWN. */
  tasks: TaskSummary[];
}

export interface Lateness {
  p50: number | null;
  p99: number | null;
  count: number;
  /** Latest first. */
  samples: Array<{ at: string; late_ms: number }>;
}

export interface Overview {
  counts: StatusCounts;
  processes: Record<string, ProcessSummary[]>;
  due: DueTasks;
  lateness: Lateness;
}

export const HEARTBEATS_READ = 1000;
export const LEASES_READ = 200;
export const DUE_WINDOW_MS = 3_600_000;
export const DUE_COUNTED = 1000;
export const DUE_SHOWN = 50;
export const LATENESS_SAMPLES = 200;

interface KeyRow<K> {
  id: string;
  key: K;
  doc?: TaskDoc | null;
}

async function tasksView<K>(database: TasksDatabase, view: string, params: Record<string, unknown>): Promise<Array<KeyRow<K>>> {
  try {
    return (await database.db.view('after', view, params)).rows as unknown as Array<KeyRow<K>>;
  } catch (err) {
    throw setupNeededOr(err, database);
  }
}

const openCount = (byStatus: Record<string, number>): number =>
  Object.entries(byStatus).reduce((sum, [status, n]) => sum + ((FINAL_STATUSES as readonly string[]).includes(status) ? 0 : n), 0);

export async function liveProcesses(database: TasksDatabase, counts: StatusCounts, nowMs: number): Promise<Record<string, ProcessSummary[]>> {
  const processes: Record<string, ProcessSummary[]> = {};
  const byId = new Map<string, ProcessSummary>();
  for (const doc of await readHeartbeats(database, undefined, HEARTBEATS_READ)) {
    const name = (doc.after_process as { worker?: unknown } | undefined)?.worker;
    const beat = typeof name === 'string' ? heartbeatOf(doc, name) : null;
    if (beat === null || beat.untilMs <= nowMs) continue;
    const process: ProcessSummary = { id: beat.id, started_at: typeof beat.started_at === 'string' ? beat.started_at : null, until: beat.until, running: 0 };
    (processes[beat.worker] ??= []).push(process);
    byId.set(`${beat.worker}\n${beat.id}`, process);
  }
  const running = Object.keys(counts).filter((worker) => (counts[worker].running ?? 0) > 0);
  await Promise.all(running.map(async (worker) => {
    const rows = await tasksView<[string, number]>(database, VIEWS.runningByLease, {
      startkey: [worker, nowMs], endkey: [worker, {}], limit: LEASES_READ, include_docs: true,
    });
    for (const row of rows) {
      const lease = row.doc?.lease;
      if (typeof lease?.by !== 'string' || typeof lease.until !== 'string') continue;
      const key = `${worker}\n${lease.by}`;
      let process = byId.get(key);
      if (process === undefined) {
        process = { id: lease.by, started_at: null, until: lease.until, running: 0 };
        (processes[worker] ??= []).push(process);
        byId.set(key, process);
      }
      process.running += 1;
    }
  }));
  return processes;
}

export async function dueSoon(database: TasksDatabase, counts: StatusCounts, nowMs: number): Promise<DueTasks> {
  const workers = Object.keys(counts).filter((worker) => openCount(counts[worker]) > 0);
  const perWorker = await Promise.all(workers.map((worker) => tasksView<[string, string, number | null, string]>(database, VIEWS.workerKeys, {
    startkey: [WORKER_KEYS.open, worker], endkey: [WORKER_KEYS.open, worker, nowMs + DUE_WINDOW_MS, {}], limit: DUE_COUNTED + 1,
  })));
  const rows = perWorker.flatMap((list) => list.slice(0, DUE_COUNTED));
  rows.sort((a, b) => (a.key[2] ?? -Infinity) - (b.key[2] ?? -Infinity) || (a.id < b.id ? -1 : 1));
  const ids = rows.slice(0, DUE_SHOWN).map((row) => row.id);
  let docs: TaskDoc[] = [];
  if (ids.length > 0) {
    try {
      docs = (await database.db.fetch({ keys: ids })).rows.flatMap((row) => ('doc' in row && row.doc ? [row.doc as TaskDoc] : []));
    } catch (err) {
      throw classifyDatabaseError(err, database.where);
    }
  }
  return { total: rows.length, more: perWorker.some((list) => list.length > DUE_COUNTED), tasks: docs.map(taskSummary) };
}

/** The nearest-rank percentile of sorted `values`. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function lateness(database: TasksDatabase): Promise<Lateness> {
  const rows = await queryView(database, DASHBOARD_VIEWS.lateness, { descending: true, limit: LATENESS_SAMPLES });
  const samples = rows.flatMap((row) => (typeof row.key[0] === 'number' && typeof row.value === 'number'
    ? [{ at: new Date(row.key[0]).toISOString(), late_ms: row.value }] : []));
  const sorted = samples.map((sample) => sample.late_ms).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: samples.length, samples };
}

export async function overview(database: TasksDatabase, nowMs = Date.now()): Promise<Overview> {
  const counts = await statusCounts(database);
  const [processes, due, late] = await Promise.all([liveProcesses(database, counts, nowMs), dueSoon(database, counts, nowMs), lateness(database)]);
  return { counts, processes, due, lateness: late };
}
