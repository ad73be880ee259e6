// `_all_docs` with `keys` (how a worker reads a batch of tasks back, with `conflicts=true`),
// answered from the LevelDB store with two reads for the whole batch (metadata, then bodies),
// or, when the store cannot answer, one `get` per key. PouchDB 9 opens a LevelDB iterator for
// each key instead, the slowest of the three (docs/ARCHITECTURE.md, "Decisions and their
// measurements"). Only the plain form is served here (keys, include_docs, conflicts); any
// other option, and a key whose document is deleted (whose row names the deleted revision),
// goes to PouchDB's own allDocs, so every answer has CouchDB's shape.
import type PouchDB from 'pouchdb';
import { collectConflicts } from 'pouchdb-merge';
import { installWrapperMethods } from 'pouchdb-wrappers';
import { fromStoreOr, readDocuments, type RawLevelStore } from './leveldb-store';

type Row = PouchDB.AllDocsRow | { key: string; error: 'not_found' };

interface AllDocsAnswer {
  total_rows: number;
  offset?: number;
  rows: Row[];
}

/** Options express-pouchdb adds for its wrappers, not for allDocs. */
const REQUEST_CONTEXT = new Set(['userCtx', 'secObj']);
const SERVED = new Set(['keys', 'include_docs', 'conflicts']);

/** Whether `options` asks for nothing but keys, include_docs and conflicts. */
export function isPlainKeysQuery(options: Record<string, unknown>): options is { keys: string[]; include_docs?: boolean; conflicts?: boolean } {
  if (!Array.isArray(options.keys) || !options.keys.every((key) => typeof key === 'string')) return false;
  return Object.entries(options).every(([name, value]) => value === undefined || REQUEST_CONTEXT.has(name) || SERVED.has(name));
}

type Lookup = { row: Row } | { deleted: true };

async function lookUp(db: PouchDB.Database, key: string, includeDocs: boolean, conflicts: boolean): Promise<Lookup> {
  try {
    const doc = await db.get(key, { conflicts });
    const row: PouchDB.AllDocsRow = { id: doc._id, key, value: { rev: doc._rev as string } };
    if (includeDocs) row.doc = doc;
    return { row };
  } catch (err) {
    const error = err as PouchDB.PouchError;
    if (error.status !== 404) throw err;
    if (error.reason === 'deleted') return { deleted: true };
    return { row: { key, error: 'not_found' } };
  }
}

/** Looks `keys` up in the store, two reads for all of them. */
async function lookUpInStore(store: RawLevelStore, keys: string[], includeDocs: boolean, conflicts: boolean): Promise<Lookup[]> {
  const documents = await readDocuments(store, keys);
  return keys.map((key): Lookup => {
    const stored = documents.get(key);
    if (!stored) return { row: { key, error: 'not_found' } };
    if (stored.body === null) return { deleted: true };
    const row: PouchDB.AllDocsRow = { id: key, key, value: { rev: stored.meta.winningRev } };
    if (includeDocs) {
      // Each row its own copy: a key asked for twice gets two rows.
      const doc = { ...stored.body };
      const losing = conflicts ? collectConflicts(stored.meta) : [];
      if (losing.length > 0) doc._conflicts = losing;
      row.doc = doc;
    }
    return { row };
  });
}

/** `rawStore`: the database's open LevelDB store, if any. */
export function installAllDocsByKeys(db: PouchDB.Database, rawStore: () => RawLevelStore | null): void {
  installWrapperMethods(db, {
    async allDocs(orig, args) {
      const options = args.options;
      if (!isPlainKeysQuery(options)) return orig();
      const includeDocs = options.include_docs === true;
      const conflicts = options.conflicts === true && includeDocs;
      const [count, lookups] = await Promise.all([
        db.allDocs({ limit: 0 }),
        fromStoreOr(rawStore(), (store) => lookUpInStore(store, options.keys, includeDocs, conflicts),
          () => Promise.all(options.keys.map((key) => lookUp(db, key, includeDocs, conflicts)))),
      ]);
      const deletedKeys = options.keys.filter((_, i) => 'deleted' in lookups[i]);
      let deletedRows: Row[] = [];
      if (deletedKeys.length > 0) {
        // Through the rest of the chain (not db.allDocs, which would come back here).
        args.options = { ...options, keys: deletedKeys };
        deletedRows = ((await orig()) as AllDocsAnswer).rows;
      }
      const rows = lookups.map((lookup) => ('row' in lookup ? lookup.row : deletedRows.shift() as Row));
      const answer: AllDocsAnswer = { total_rows: count.total_rows, offset: 0, rows };
      return answer;
    },
  });
}
