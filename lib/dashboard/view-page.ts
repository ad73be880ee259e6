// One page of a list read from a view of `_design/after-dashboard`: at most `limit` tasks, and
// where the next page starts. Every read has a limit; nothing reads a whole view.
import type { TasksDatabase } from '../db/connection';
import { classifyDatabaseError, statusCodeOf } from '../db/errors';
import type { TaskDoc } from '../task/types';
import type { ViewKey } from './cursor';
import { DASHBOARD_DESIGN, DASHBOARD_DESIGN_DOC_ID } from './design-doc';
import { ApiError } from './http-io';

export interface ViewRange {
  /** Absent: from the start (the end, descending). */
  startkey?: ViewKey;
  endkey?: unknown;
  descending?: boolean;
}

export interface ViewRow {
  id: string;
  key: ViewKey;
  value: unknown;
  doc?: TaskDoc | null;
}

export interface Page {
  docs: TaskDoc[];
  /** The key the next page starts at, or null at the end. */
  next: ViewKey | null;
}

/** Rows a filtered page reads per request to the view... */
export const SCAN_BATCH = 1000;
/** ...and in all for one page: a page may then hold fewer than `limit` tasks, with a `next` to go on from. */
export const SCAN_LIMIT = 10_000;

export function viewsMissing(database: TasksDatabase): ApiError {
  return new ApiError(503, 'setup_needed', `the dashboard's views (${DASHBOARD_DESIGN_DOC_ID}) are not installed in database ${database.where}; ` +
    'log in once as a database admin (the dashboard installs them), or run `after setup --dashboard`');
}

export async function queryView(database: TasksDatabase, view: string, params: Record<string, unknown>): Promise<ViewRow[]> {
  try {
    return (await database.db.view(DASHBOARD_DESIGN, view, params)).rows as unknown as ViewRow[];
  } catch (err) {
    if (statusCodeOf(err) === 404) throw viewsMissing(database);
    throw classifyDatabaseError(err, database.where);
  }
}

/** The documents of `ids`, in that order, leaving out any deleted meanwhile. */
async function documents(database: TasksDatabase, ids: string[]): Promise<TaskDoc[]> {
  if (ids.length === 0) return [];
  try {
    const answer = await database.db.fetch({ keys: ids });
    return answer.rows.flatMap((row) => ('doc' in row && row.doc ? [row.doc as TaskDoc] : []));
  } catch (err) {
    throw classifyDatabaseError(err, database.where);
  }
}

/**
 * A page of `range`. Without `accept`, one read of `limit + 1` rows with their documents.
 * With it (a filter the key cannot express), rows are read SCAN_BATCH at a time, kept when
 * `accept(value)` holds, until the page is full or SCAN_LIMIT rows were read.
 */
export async function readPage(database: TasksDatabase, view: string, range: ViewRange, limit: number, accept?: (value: unknown) => boolean): Promise<Page> {
  const base: Record<string, unknown> = { endkey: range.endkey, descending: range.descending === true };
  if (range.endkey === undefined) delete base.endkey;
  if (accept === undefined) {
    const rows = await queryView(database, view, { ...base, ...startOf(range.startkey), limit: limit + 1, include_docs: true });
    const docs = rows.slice(0, limit).flatMap((row) => (row.doc ? [row.doc] : []));
    return { docs, next: rows.length > limit ? rows[limit].key : null };
  }
  const ids: string[] = [];
  let start = range.startkey;
  for (let scanned = 0; ; scanned += SCAN_BATCH) {
    const rows = await queryView(database, view, { ...base, ...startOf(start), limit: SCAN_BATCH + 1 });
    for (const row of rows.slice(0, SCAN_BATCH)) {
      if (!accept(row.value)) continue;
      if (ids.length === limit) return { docs: await documents(database, ids), next: row.key };
      ids.push(row.id);
    }
    if (rows.length <= SCAN_BATCH) return { docs: await documents(database, ids), next: null };
    start = rows[SCAN_BATCH].key;
    if (scanned + SCAN_BATCH >= SCAN_LIMIT) return { docs: await documents(database, ids), next: start };
  }
}

function startOf(key: ViewKey | undefined): Record<string, unknown> {
  return key === undefined ? {} : { startkey: key };
}
