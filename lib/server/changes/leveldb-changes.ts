// A `_changes` read (normal, and the first part of longpoll) straight from the LevelDB store
// under PouchDB, for the plain requests a worker makes: since, limit, include_docs, a filter,
// the style.
//
// Why: PouchDB's leveldb changes() reads the by-sequence entries with an iterator, then looks
// up each entry's document metadata with its own LevelDB get, one after another, each a trip
// through the thread pool. Every revision ever written is an entry (a task's claim and its
// `done` are two more), so that feed capped a worker's throughput (docs/ARCHITECTURE.md,
// "Decisions and their measurements"). Here the metadata of a chunk of entries is read with
// one getMany. The answer is PouchDB's own, entry for entry
// (test/server/leveldb-changes.test.ts compares the two); anything else falls back to PouchDB.
import type PouchDB from 'pouchdb';
import { collectConflicts, collectLeaves } from 'pouchdb-merge';
import {
  BY_SEQ_PREFIX, readMetadata, readWinningBodies, seqKey, withAttachmentStubs,
  type DocMetadata, type RawIterator, type RawLevelStore, type StoredDoc,
} from '../leveldb-store';

/** A request this reader answers; others (descending, attachments, doc_ids) go to PouchDB. */
export interface PlainChangesRequest {
  since: number;
  limit?: number;
  /** `all_docs`: a change lists every leaf revision, not only the winner. */
  style?: 'main_only' | 'all_docs';
  include_docs?: boolean;
  /** With include_docs: each document carries `_conflicts`, its other live leaves, when it has any. */
  conflicts?: boolean;
  filter?: (doc: PouchDB.Document) => boolean;
}

interface SeqEntry {
  seq: number;
  doc: StoredDoc;
}

/**
 * Entries read before their metadata is looked up at once. Large enough that the getMany
 * costs little per entry, small enough that a request with a `limit` reads little past it.
 */
const CHUNK = 256;

/** Whether `options` are ones `readChanges` answers. */
export function isPlainRequest(options: PouchDB.ChangesOptions & { since?: unknown }): boolean {
  return typeof options.since === 'number' && !options.descending && !options.attachments &&
    options.doc_ids === undefined &&
    (options.filter === undefined || typeof options.filter === 'function') &&
    options.selector === undefined && options.view === undefined && !options.live;
}

export async function readChanges(store: RawLevelStore, request: PlainChangesRequest): Promise<{ results: PouchDB.Change[]; last_seq: number }> {
  const limit = request.limit !== undefined && request.limit > 0 ? request.limit : Infinity;
  const results: PouchDB.Change[] = [];
  let lastSeq = request.since;
  const iterator = store.iterator({ gt: seqKey(request.since), lt: `${BY_SEQ_PREFIX}\xff`, keyAsBuffer: false, valueAsBuffer: false });
  try {
    for (;;) {
      const chunk = await nextEntries(iterator, CHUNK);
      if (chunk.length === 0) break;
      const metadata = await readMetadata(store, chunk.map((entry) => entry.doc._id));
      const winners = await winningDocs(store, chunk, metadata);
      for (const entry of chunk) {
        const meta = metadata.get(entry.doc._id);
        // No metadata: a document removed since; another seq: this entry is an older revision.
        if (!meta || meta.seq !== entry.seq || meta.id.startsWith('_local/')) continue;
        lastSeq = entry.seq;
        const doc = winners.get(entry.seq) ?? entry.doc;
        if (request.filter && !request.filter(doc)) continue;
        results.push(changeOf(meta, doc, request));
        if (results.length >= limit) return { results, last_seq: lastSeq };
      }
      if (chunk.length < CHUNK) break;
    }
    return { results, last_seq: lastSeq };
  } finally {
    await new Promise<void>((resolve, reject) => iterator.end((err) => (err ? reject(err) : resolve())));
  }
}

/** A change as PouchDB's processChange and filterChange build it. */
function changeOf(meta: DocMetadata, doc: StoredDoc, request: PlainChangesRequest): PouchDB.Change {
  const changes = request.style === 'all_docs'
    ? collectLeaves(meta.rev_tree).map((leaf) => ({ rev: leaf.rev }))
    : [{ rev: doc._rev as string }];
  const change: PouchDB.Change = { id: meta.id, changes, seq: meta.seq };
  if (meta.deleted) change.deleted = true;
  if (request.include_docs) {
    change.doc = withAttachmentStubs(doc);
    const conflicts = request.conflicts ? collectConflicts(meta) : [];
    if (conflicts.length > 0) change.doc = { ...change.doc, _conflicts: conflicts } as PouchDB.Document;
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
        entries.push({ seq: Number(key.slice(BY_SEQ_PREFIX.length)), doc: JSON.parse(value) as StoredDoc });
        if (entries.length >= count) resolve(entries);
        else step();
      });
    };
    step();
  });
}

/** For entries that are current but not the winning revision (a conflict written later), the winner's body, by entry seq. */
async function winningDocs(store: RawLevelStore, chunk: SeqEntry[], metadata: Map<string, DocMetadata>): Promise<Map<number, StoredDoc>> {
  const losing = chunk.filter((entry) => {
    const meta = metadata.get(entry.doc._id);
    return meta !== undefined && meta.seq === entry.seq && meta.winningRev !== entry.doc._rev;
  });
  if (losing.length === 0) return new Map();
  const bodies = await readWinningBodies(store, losing.map((entry) => metadata.get(entry.doc._id) as DocMetadata));
  return new Map(losing.map((entry, index) => [entry.seq, bodies[index]]));
}
