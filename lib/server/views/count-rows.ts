// A `_count` reduce query answered from per-key row counts (row-counts.ts) rather than from
// the rows: the same rows, in the same order, as PouchDB's map/reduce gives when it reads and
// reduces every row (pouchdb-abstract-mapreduce's queryView and reduceView).
import { collate, parseIndexableString } from 'pouchdb-collate';

/** The options of a view query this path answers, parsed once. */
export interface CountQuery {
  /** The first key in the order the rows are read: the lowest, or with `descending` the highest. */
  start?: { key: unknown };
  end?: { key: unknown };
  /** Whether rows of the `end` key are in (CouchDB's `inclusive_end`, default true). */
  inclusiveEnd: boolean;
  descending: boolean;
  /** null: one row, the total. A number: keys grouped by their first that many array items (Infinity: by the whole key). */
  groupLevel: number | null;
  limit?: number;
  skip: number;
}

export interface CountRow {
  key: unknown;
  value: number;
}

/**
 * The options this path answers; any other one (`keys`, `include_docs`, `update_seq`...) leaves
 * the query to PouchDB. `userCtx` and `secObj` are express-pouchdb's, for its authorisation.
 */
const ANSWERED = new Set(['reduce', 'group', 'group_level', 'startkey', 'start_key', 'endkey', 'end_key', 'key',
  'inclusive_end', 'descending', 'limit', 'skip', 'stale', 'userCtx', 'secObj']);

const isCount = (value: unknown): value is number | undefined =>
  value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= 0);
const isFlag = (value: unknown): value is boolean | undefined => value === undefined || typeof value === 'boolean';

/**
 * The query of PouchDB view options `opts`, or null when this path does not answer them: an
 * option it does not know, or a value PouchDB refuses (it then answers with its own error).
 */
export function countQueryOf(opts: Record<string, unknown>): CountQuery | null {
  if (Object.keys(opts).some((name) => !ANSWERED.has(name) && opts[name] !== undefined)) return null;
  const { reduce, group, group_level: groupLevel, inclusive_end: inclusiveEnd, descending, limit, skip } = opts;
  if (reduce !== undefined && reduce !== true) return null;
  if (!isFlag(group) || !isFlag(inclusiveEnd) || !isFlag(descending)) return null;
  if (!isCount(groupLevel) || !isCount(limit) || !isCount(skip)) return null;
  if (opts.stale !== undefined && opts.stale !== 'ok' && opts.stale !== 'update_after') return null;

  // PouchDB refuses a `startkey`..`endkey` range that no row can match (even beside a `key`).
  if (opts.startkey !== undefined && opts.endkey !== undefined && collate(opts.startkey, opts.endkey) * (descending ? -1 : 1) > 0) return null;
  // As PouchDB reads them: `startkey` over `start_key`, and `key` over both bounds.
  const bound = (key: unknown): { key: unknown } | undefined => (key === undefined ? undefined : { key });
  let start = bound(opts.startkey !== undefined ? opts.startkey : opts.start_key);
  let end = bound(opts.endkey !== undefined ? opts.endkey : opts.end_key);
  let inclusive = inclusiveEnd !== false;
  if (opts.key !== undefined) {
    start = { key: opts.key };
    end = { key: opts.key };
    inclusive = true;
  }
  // PouchDB groups when either is set; a group_level of 0 counts as not set.
  const grouped = group === true || (groupLevel !== undefined && groupLevel > 0);
  return {
    start,
    end,
    inclusiveEnd: inclusive,
    descending: descending === true,
    groupLevel: grouped ? (groupLevel !== undefined && groupLevel > 0 ? groupLevel : Infinity) : null,
    limit,
    skip: skip ?? 0,
  };
}

function inRange(key: unknown, query: CountQuery): boolean {
  const direction = query.descending ? -1 : 1;
  if (query.start !== undefined && collate(key, query.start.key) * direction < 0) return false;
  if (query.end !== undefined) {
    const fromEnd = collate(key, query.end.key) * direction;
    if (fromEnd > 0 || (fromEnd === 0 && !query.inclusiveEnd)) return false;
  }
  return true;
}

function groupKeyOf(key: unknown, groupLevel: number | null): unknown {
  if (groupLevel === null) return null;
  return Array.isArray(key) && groupLevel !== Infinity ? key.slice(0, groupLevel) : key;
}

/** The rows of `query` from `counts`: the number of index rows for each key, keyed by the key's indexable string. */
export function countRows(counts: ReadonlyMap<string, number>, query: CountQuery): CountRow[] {
  const keyed = [...counts].map(([indexable, count]) => ({ key: parseIndexableString(indexable), count }));
  keyed.sort((a, b) => collate(a.key, b.key) * (query.descending ? -1 : 1));

  const rows: CountRow[] = [];
  for (const { key, count } of keyed) {
    if (!inRange(key, query)) continue;
    const groupKey = groupKeyOf(key, query.groupLevel);
    const last = rows[rows.length - 1];
    if (last !== undefined && collate(last.key, groupKey) === 0) last.value += count;
    else rows.push({ key: groupKey, value: count });
  }
  return rows.slice(query.skip, query.limit === undefined ? undefined : query.skip + query.limit);
}
