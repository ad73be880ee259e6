// A `_changes` read (normal, and the first part of longpoll) straight from the LevelDB store
// under PouchDB, for the plain requests a worker makes: since, limit, include_docs, a filter.
//
// Why: PouchDB's leveldb changes() reads the by-sequence entries with an iterator, then
// looks up each entry's document metadata with its own LevelDB get, one after another,
// each a trip through the thread pool. Every revision ever written is an entry (a task's
// claim and its `done` are two more), so a worker's feed cost ~100 µs an entry and capped
// a worker at ~3,300 tasks/s, measured. Here the metadata of a chunk of entries is read
// with one getMany. The answer is PouchDB's own, entry for entry (test/server/
// leveldb-changes.test.ts compares the two); anything else falls back to PouchDB.
import type PouchDB from 'pouchdb';

/** The parts of a leveldown store (abstract-leveldown 7) read here. */
export interface RawLevelStore {
  readonly status: string;
  iterator(options: { gt: string; lt: string; keyAsBuffer: false; valueAsBuffer: false }): RawIterator;
  getMany(keys: string[], options: { asBuffer: false }, callback: (err: Error | null, values: Array<string | undefined>) => void): void;
}

interface RawIterator {
  next(callback: (err: Error | null, key?: string, value?: string) => void): void;
  end(callback: (err?: Error | null) => void): void;
}

/** A request this reader answers; others (descending, conflicts, style, attachments, doc_ids) go to PouchDB. */
export interface PlainChangesRequest {
  since: number;
  limit?: number;
  include_docs?: boolean;
  filter?: (doc: PouchDB.Document) => boolean;
}

/** The metadata PouchDB keeps per document (document-store), as far as a change needs it. */
interface DocMetadata {
  id: string;
  seq: number;
  winningRev?: string;
  deleted?: boolean;
  rev_map: Record<string, number>;
}

interface SeqEntry {
  seq: number;
  doc: PouchDB.Document & { _attachments?: Record<string, { stub?: boolean }> };
}

/** Thrown when the store holds what this reader does not interpret (metadata of an old PouchDB): the caller asks PouchDB. */
export class UnsupportedChangesRead extends Error {}

// sublevel-pouchdb's keys: '\xff' + store name + '\xff' + key; seqs are 16-digit, zero-padded.
const BY_SEQ = '\xffby-sequence\xff';
const DOC_STORE = '\xffdocument-store\xff';
const seqKey = (seq: number): string => BY_SEQ + String(seq).padStart(16, '0');

/**
 * Entries read before their metadata is looked up at once. Large enough that the getMany
 * costs little per entry, small enough that a request with a `limit` reads little past it.
 */
const CHUNK = 256;

/** Whether `options` are ones `readChanges` answers. */
export function isPlainRequest(options: PouchDB.ChangesOptions & { since?: unknown }): boolean {
  return typeof options.since === 'number' && !options.descending && !options.conflicts && !options.attachments &&
    (options.style === undefined || options.style === 'main_only') && options.doc_ids === undefined &&
    (options.filter === undefined || typeof options.filter === 'function') &&
    options.selector === undefined && options.view === undefined && !options.live;
}

export async function readChanges(store: RawLevelStore, request: PlainChangesRequest): Promise<{ results: PouchDB.Change[]; last_seq: number }> {
  const limit = request.limit !== undefined && request.limit > 0 ? request.limit : Infinity;
  const results: PouchDB.Change[] = [];
  let lastSeq = request.since;
  const iterator = store.iterator({ gt: seqKey(request.since), lt: `${BY_SEQ}\xff`, keyAsBuffer: false, valueAsBuffer: false });
  try {
    for (;;) {
      const chunk = await nextEntries(iterator, CHUNK);
      if (chunk.length === 0) break;
      const metadata = await metadataOf(store, chunk);
      const winners = await winningDocs(store, chunk, metadata);
      for (const entry of chunk) {
        const meta = metadata.get(entry.doc._id);
        // No metadata: a document removed since; another seq: this entry is an older revision.
        if (!meta || meta.seq !== entry.seq || meta.id.startsWith('_local/')) continue;
        lastSeq = entry.seq;
        const doc = winners.get(entry.seq) ?? entry.doc;
        if (request.filter && !request.filter(doc)) continue;
        results.push(changeOf(meta, doc, request.include_docs === true));
        if (results.length >= limit) return { results, last_seq: lastSeq };
      }
      if (chunk.length < CHUNK) break;
    }
    return { results, last_seq: lastSeq };
  } finally {
    await new Promise<void>((resolve) => iterator.end(() => resolve()));
  }
}

/** A change as PouchDB's processChange and filterChange build it, for the main-only style. */
function changeOf(meta: DocMetadata, doc: SeqEntry['doc'], includeDocs: boolean): PouchDB.Change {
  const change: PouchDB.Change = { id: meta.id, changes: [{ rev: doc._rev as string }], seq: meta.seq };
  if (meta.deleted) change.deleted = true;
  if (includeDocs) {
    for (const attachment of Object.values(doc._attachments ?? {})) attachment.stub = true;
    change.doc = doc;
  }
  return change;
}

function nextEntries(iterator: RawIterator, count: number): Promise<SeqEntry[]> {
  return new Promise((resolve, reject) => {
    const entries: SeqEntry[] = [];
    const step = (): void => {
      iterator.next((err, key, value) => {
        if (err) return reject(err);
        if (key === undefined || value === undefined) return resolve(entries);
        entries.push({ seq: Number(key.slice(BY_SEQ.length)), doc: JSON.parse(value) as SeqEntry['doc'] });
        if (entries.length >= count) resolve(entries);
        else step();
      });
    };
    step();
  });
}

function getMany(store: RawLevelStore, keys: string[]): Promise<Array<string | undefined>> {
  return new Promise((resolve, reject) => {
    store.getMany(keys, { asBuffer: false }, (err, values) => (err ? reject(err) : resolve(values)));
  });
}

async function metadataOf(store: RawLevelStore, chunk: SeqEntry[]): Promise<Map<string, DocMetadata>> {
  const ids = [...new Set(chunk.map((entry) => entry.doc._id))];
  const values = await getMany(store, ids.map((id) => DOC_STORE + id));
  const metadata = new Map<string, DocMetadata>();
  ids.forEach((id, index) => {
    const value = values[index];
    if (value === undefined) return;
    const meta = JSON.parse(value) as DocMetadata;
    // PouchDB 6 and later cache these two on every write; older stores make PouchDB walk the revision tree.
    if (typeof meta.winningRev !== 'string' || typeof meta.deleted !== 'boolean') {
      throw new UnsupportedChangesRead(`document ${id} has metadata without winningRev/deleted`);
    }
    metadata.set(id, meta);
  });
  return metadata;
}

/** For entries that are current but not the winning revision (a conflict written later), the winner's body, by entry seq. */
async function winningDocs(store: RawLevelStore, chunk: SeqEntry[], metadata: Map<string, DocMetadata>): Promise<Map<number, SeqEntry['doc']>> {
  const losing = chunk.filter((entry) => {
    const meta = metadata.get(entry.doc._id);
    return meta !== undefined && meta.seq === entry.seq && meta.winningRev !== entry.doc._rev;
  });
  if (losing.length === 0) return new Map();
  const winnerSeqs = losing.map((entry) => {
    const meta = metadata.get(entry.doc._id) as DocMetadata;
    const seq = meta.rev_map[meta.winningRev as string];
    if (typeof seq !== 'number') throw new UnsupportedChangesRead(`document ${meta.id} has no body for its winning revision`);
    return seq;
  });
  const values = await getMany(store, winnerSeqs.map(seqKey));
  const winners = new Map<number, SeqEntry['doc']>();
  losing.forEach((entry, index) => {
    const value = values[index];
    if (value === undefined) throw new UnsupportedChangesRead(`document ${entry.doc._id} has no body for its winning revision`);
    winners.set(entry.seq, JSON.parse(value) as SeqEntry['doc']);
  });
  return winners;
}
