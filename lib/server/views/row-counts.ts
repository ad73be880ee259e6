// How many rows a view index holds for each key, kept beside PouchDB's rows, so that a `_count`
// reduce reads one small document instead of every row (docs/DASHBOARD.md, "Counts on the
// embedded server").
//
// PouchDB's map/reduce writes each batch of an index update as one atomic bulkDocs into the
// index's own database: the batch's key/value rows and `_local/lastSeq`. The counts ride in
// that same bulkDocs, stamped with the same seq, so they are valid exactly when their seq is
// the index's. Batches of one index are written one at a time (PouchDB queues them), and
// nothing else writes rows into an index database. Only the indexes of `_count` views keep
// counts (count-query.ts names them): the worker's views, of unique keys, pay nothing.
import { parseIndexableString, toIndexableString } from 'pouchdb-collate';
import type PouchDB from 'pouchdb';

export const ROW_COUNTS_ID = '_local/after_row_counts';
const LAST_SEQ_ID = '_local/lastSeq';
/** Past this many distinct keys an index keeps no counts: its keys are unique-ish, and counts would cost more than they save. */
export const DISTINCT_KEYS_KEPT = 1000;
const ROWS_READ_AT_ONCE = 10_000;

type Seq = number | string;

interface LastSeqDoc extends PouchDB.Document {
  seq: Seq;
}

interface RowCountsDoc extends PouchDB.Document {
  /** The index's seq these counts are of; null: to be counted again from the rows. */
  seq: Seq | null;
  /** Rows per key, by the key's indexable string; absent when the index has too many keys. */
  counts?: Record<string, number>;
}

type Counts = Map<string, number>;
/** An index database, whose bulkDocs this module wraps. */
type IndexDatabase = PouchDB.Database;

/** Every index database opened, by name (the latest object opened under each name), for storedRowCounts. */
const indexes = new Map<string, IndexDatabase>();

async function localDoc<T extends PouchDB.Document>(index: IndexDatabase, id: string): Promise<T | null> {
  try {
    return (await index.get(id)) as T;
  } catch (err) {
    if ((err as PouchDB.PouchError).status === 404) return null;
    throw err;
  }
}

const lastSeqOf = (index: IndexDatabase): Promise<LastSeqDoc | null> => localDoc<LastSeqDoc>(index, LAST_SEQ_ID);

/** The counts document's id, with revision `rev` when it has one. */
const countsDocAt = (rev: string | undefined): PouchDB.Document => ({ _id: ROW_COUNTS_ID, ...(rev === undefined ? {} : { _rev: rev }) });

/** The stored counts when they are the index's (stamped with its seq); else null. */
function validCounts(stored: RowCountsDoc | null, lastSeq: LastSeqDoc): Counts | null {
  return stored?.counts !== undefined && stored.seq === lastSeq.seq ? new Map(Object.entries(stored.counts)) : null;
}

/** The indexable string of the key of index row `rowId` (the indexable string of [key, doc id, ...]). */
function keyOf(rowId: string): string {
  return toIndexableString((parseIndexableString(rowId) as unknown[])[0]);
}

/** Counts every row of `index` (once, for an index made before its counts were kept); null past DISTINCT_KEYS_KEPT keys. */
async function countEveryRow(index: IndexDatabase): Promise<Counts | null> {
  const counts: Counts = new Map();
  let after: string | undefined;
  for (;;) {
    const { rows } = await index.allDocs(after === undefined
      ? { limit: ROWS_READ_AT_ONCE }
      : { startkey: after, skip: 1, limit: ROWS_READ_AT_ONCE });
    for (const row of rows) {
      const key = keyOf(row.id);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (counts.size > DISTINCT_KEYS_KEPT) return null;
    if (rows.length < ROWS_READ_AT_ONCE) return counts;
    after = rows[rows.length - 1].id;
  }
}

/** The counts before a batch, read: stored, or counted from the rows when the stored ones are not the index's. Null: none kept. */
async function storedCountsBefore(index: IndexDatabase, stored: RowCountsDoc | null): Promise<Counts | null> {
  if (stored !== null && stored.seq !== null && stored.counts === undefined) return null; // too many keys
  const lastSeq = await lastSeqOf(index);
  if (lastSeq === null) return new Map(); // a new index: no rows yet
  return validCounts(stored, lastSeq) ?? countEveryRow(index);
}

/** What this process last wrote into an index: still its state while `_local/lastSeq` has `lastSeqRev`. */
interface Written {
  lastSeqRev: string;
  countsRev: string | undefined;
  /** null: too many keys, none kept. */
  counts: Counts | null;
}

/** Adds batch `docs` to `counts`; false when the rows were not what the counts said (a row deleted that they did not hold). */
function addBatch(counts: Counts, docs: PouchDB.Document[]): boolean {
  for (const doc of docs) {
    if (doc._id.startsWith('_local/')) continue;
    // PouchDB writes a new row without _rev, deletes a row it had, and rewrites a row whose value changed.
    const delta = doc._rev === undefined ? 1 : doc._deleted === true ? -1 : 0;
    if (delta === 0) continue;
    const key = keyOf(doc._id);
    const count = (counts.get(key) ?? 0) + delta;
    if (count < 0) return false;
    if (count === 0) counts.delete(key);
    else counts.set(key, count);
  }
  return true;
}

type BulkDocs = (...args: unknown[]) => Promise<Array<{ rev?: string; error?: unknown }>>;

/** Names of the indexes whose counts are kept: a `_count` was asked of them (countRowsOf). */
const counted = new Set<string>();

/** Keeps the row counts of index database `name` from its next update on: it is a `_count` view's. */
export function countRowsOf(name: string): void {
  counted.add(name);
}

/**
 * Makes `index` (a view index's database) keep its row counts with every update PouchDB
 * writes, once countRowsOf has named it (in this process or, its counts stored, in an earlier one).
 */
export function keepRowCounts(index: IndexDatabase): void {
  const target = index as unknown as { bulkDocs: BulkDocs };
  const bulkDocs = target.bulkDocs.bind(index);
  let written: Written | null = null;
  let storedLooked = false;

  /** Whether this index's counts are kept: named, or stored by an earlier process (looked for once). */
  const isCounted = async (): Promise<boolean> => {
    if (!counted.has(index.name) && !storedLooked) {
      storedLooked = true;
      if (await localDoc(index, ROW_COUNTS_ID) !== null) counted.add(index.name);
    }
    return counted.has(index.name);
  };

  /** The counts before the batch that follows `_local/lastSeq` revision `lastSeqRev`, with the counts document's revision. */
  const countsBefore = async (lastSeqRev: string | undefined): Promise<{ counts: Counts | null; rev: string | undefined }> => {
    if (written !== null && written.lastSeqRev === lastSeqRev) return { counts: written.counts, rev: written.countsRev };
    const stored = await localDoc<RowCountsDoc>(index, ROW_COUNTS_ID);
    return { counts: await storedCountsBefore(index, stored), rev: stored?._rev };
  };

  target.bulkDocs = async (...args: unknown[]) => {
    const request = args[0] as { docs?: PouchDB.Document[] } | undefined;
    const lastSeq = args.length === 1 ? request?.docs?.find((doc) => doc._id === LAST_SEQ_ID) : undefined;
    if (lastSeq === undefined || !(await isCounted())) return bulkDocs(...args);
    const docs = request?.docs as PouchDB.Document[];
    const { counts, rev } = await countsBefore(lastSeq._rev);
    written = null; // until this batch is written
    let countsDoc: RowCountsDoc | null = null;
    const seq = lastSeq.seq as Seq;
    if (counts !== null) {
      if (!addBatch(counts, docs)) countsDoc = { ...countsDocAt(rev), seq: null }; // counted again at the next update
      else if (counts.size > DISTINCT_KEYS_KEPT) countsDoc = { ...countsDocAt(rev), seq };
      else countsDoc = { ...countsDocAt(rev), seq, counts: Object.fromEntries(counts) };
    }
    const results = await bulkDocs({ docs: countsDoc === null ? docs : [...docs, countsDoc] });
    if (results.some((result) => result.error)) {
      // A refused row makes the counts wrong: they are counted again at the next update.
      const now = await localDoc<RowCountsDoc>(index, ROW_COUNTS_ID);
      await index.put({ ...countsDocAt(now?._rev), seq: null });
    } else if (countsDoc?.seq !== null) {
      written = {
        lastSeqRev: results[docs.indexOf(lastSeq)].rev as string,
        countsRev: countsDoc === null ? rev : results[docs.length].rev,
        counts: countsDoc === null || countsDoc.counts === undefined ? null : counts,
      };
    }
    return results.slice(0, docs.length);
  };
  indexes.set(index.name, index);
  const forget = (): void => {
    if (indexes.get(index.name) === index) indexes.delete(index.name);
  };
  index.once('closed', forget);
  index.once('destroyed', forget);
}

/** The row counts of index database `name`, by the key's indexable string, when they are of its last update; else null. */
export async function storedRowCounts(name: string): Promise<Counts | null> {
  const index = indexes.get(name);
  if (index === undefined) return null;
  const [stored, lastSeq] = await Promise.all([localDoc<RowCountsDoc>(index, ROW_COUNTS_ID), lastSeqOf(index)]);
  if (lastSeq === null) return stored === null ? new Map() : null; // a new index: no rows yet
  return validCounts(stored, lastSeq);
}
