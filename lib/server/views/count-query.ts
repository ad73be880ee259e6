// `_count` reduce queries of design-document views answered from the index's stored row
// counts (row-counts.ts), after the index is brought up to date as for any query. Any query
// this cannot answer so (other options, another reduce, counts not kept) is PouchDB's.
import { stringMd5 } from 'pouchdb-md5';
import type PouchDB from 'pouchdb';
import { builtInName } from './built-in-reduce';
import { countQueryOf, countRows, type CountRow } from './count-rows';
import { countRowsOf, storedRowCounts } from './row-counts';

/** Runs PouchDB's own query of the view with `opts` (here, only to bring its index up to date). */
export type ViewQuery = (opts: Record<string, unknown>) => Promise<unknown>;

/** The name PouchDB's map/reduce gives a view's index database: a hash of its functions. */
function indexName(dbName: string, map: string, reduce: string): string {
  return `${dbName}-mrview-${stringMd5(`${map}${reduce}undefined`)}`;
}

async function designDoc(db: PouchDB.Database, name: string): Promise<PouchDB.Document | null> {
  try {
    return await db.get(`_design/${name}`);
  } catch {
    return null; // PouchDB's query answers with the same failure
  }
}

/** The rows of `_count` view `viewPath` ('ddoc/view') with `opts` from stored counts; null when PouchDB must answer. */
export async function storedCountQuery(db: PouchDB.Database, viewPath: unknown, opts: Record<string, unknown>, query: ViewQuery): Promise<{ rows: CountRow[] } | null> {
  if (typeof viewPath !== 'string') return null;
  const countQuery = countQueryOf(opts);
  if (countQuery === null) return null;
  const [ddocName, viewName] = viewPath.includes('/') ? viewPath.split('/') : [viewPath, viewPath];
  const ddoc = await designDoc(db, ddocName);
  const view = (ddoc?.views as Record<string, { map?: unknown; reduce?: unknown }> | undefined)?.[viewName];
  if (typeof view?.map !== 'string' || typeof view.reduce !== 'string' || builtInName(view.reduce) !== '_count') return null;

  const index = indexName(db.name, view.map, view.reduce);
  countRowsOf(index);
  await query({ reduce: false, limit: 0, ...(opts.stale === undefined ? {} : { stale: opts.stale }) });
  const counts = await storedRowCounts(index);
  return counts === null ? null : { rows: countRows(counts, countQuery) };
}
