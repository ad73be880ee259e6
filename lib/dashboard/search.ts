// GET /api/search: tasks by worker, status, job name and date range, in date order, paged.
// Each combination but those with a job and a worker or status is one key range of the search
// view (./design-doc.ts); with a job, the job's range is read and filtered on the row's value
// [worker, status] (view-page.ts: bounded, SCAN_LIMIT rows a page).
import type { TasksDatabase } from '../db/connection';
import { decodeCursor, encodeCursor, type ViewKey } from './cursor';
import { DASHBOARD_VIEWS, type SearchFamily } from './design-doc';
import { ApiError } from './http-io';
import { dateParam, pageLimit } from './list-params';
import { taskSummary, type TaskSummary } from './task-summary';
import { readPage } from './view-page';

export interface SearchQuery {
  worker: string | null;
  status: string | null;
  job: string | null;
  fromMs: number | null;
  toMs: number | null;
  limit: number;
  cursor: string | null;
}

export interface ListPage<T> {
  rows: T[];
  next: string | null;
}

function textParam(params: URLSearchParams, name: string): string | null {
  const value = params.get(name);
  return value === null || value === '' ? null : value;
}

export function searchQuery(params: URLSearchParams): SearchQuery {
  const query: SearchQuery = {
    worker: textParam(params, 'worker'),
    status: textParam(params, 'status'),
    job: textParam(params, 'job'),
    fromMs: dateParam('from', params.get('from')),
    toMs: dateParam('to', params.get('to')),
    limit: pageLimit(params.get('limit')),
    cursor: textParam(params, 'cursor'),
  };
  if (query.fromMs !== null && query.toMs !== null && query.fromMs > query.toMs) {
    throw new ApiError(400, 'bad_request', `from (${params.get('from')}) is after to (${params.get('to')}); give from <= to`);
  }
  return query;
}

/** The key family and prefix that serve `query`, and the filter the key leaves to the rows. */
function plan(query: SearchQuery): { prefix: ViewKey; accept?: (value: unknown) => boolean } {
  const { worker, status, job } = query;
  if (job !== null) {
    const prefix: ViewKey = ['j' satisfies SearchFamily, job];
    if (worker === null && status === null) return { prefix };
    return {
      prefix,
      accept: (value) => Array.isArray(value) && (worker === null || value[0] === worker) && (status === null || value[1] === status),
    };
  }
  if (worker !== null && status !== null) return { prefix: ['ws' satisfies SearchFamily, worker, status] };
  if (worker !== null) return { prefix: ['w' satisfies SearchFamily, worker] };
  if (status !== null) return { prefix: ['s' satisfies SearchFamily, status] };
  return { prefix: ['d' satisfies SearchFamily] };
}

export async function search(database: TasksDatabase, query: SearchQuery): Promise<ListPage<TaskSummary>> {
  const { prefix, accept } = plan(query);
  const fits = (key: ViewKey): boolean => key.length === prefix.length + 2 &&
    JSON.stringify(key.slice(0, prefix.length)) === JSON.stringify(prefix) &&
    (query.fromMs === null || (typeof key[prefix.length] === 'number' && (key[prefix.length] as number) >= query.fromMs));
  const startkey = query.cursor !== null ? decodeCursor(query.cursor, fits) : query.fromMs !== null ? [...prefix, query.fromMs] : prefix;
  const endkey = query.toMs !== null ? [...prefix, query.toMs, {}] : [...prefix, {}];
  const page = await readPage(database, DASHBOARD_VIEWS.search, { startkey, endkey }, query.limit, accept);
  return { rows: page.docs.map(taskSummary), next: page.next === null ? null : encodeCursor(page.next) };
}
