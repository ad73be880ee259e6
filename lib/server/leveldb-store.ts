// The LevelDB store under a PouchDB database, read directly where PouchDB reads it one key
// at a time (see changes/leveldb-changes.ts and all-docs-by-keys.ts). The layout is
// PouchDB 9's leveldb adapter (sublevel-pouchdb): keys are '\xff' + store + '\xff' + key,
// document bodies are kept by sequence number, and each document's metadata (revision
// tree, winning revision, sequence of each revision) by id.
import type PouchDB from 'pouchdb';

/** The parts of a leveldown store (abstract-leveldown 7) read here. */
export interface RawLevelStore {
  readonly status: string;
  iterator(options: { gt: string; lt: string; keyAsBuffer: false; valueAsBuffer: false }): RawIterator;
  getMany(keys: string[], options: { asBuffer: false }, callback: (err: Error | null, values: Array<string | undefined>) => void): void;
}

export interface RawIterator {
  next(callback: (err: Error | null, key?: string, value?: string) => void): void;
  end(callback: (err?: Error | null) => void): void;
}

/** A document's metadata (document-store), as far as these readers need it. */
export interface DocMetadata {
  id: string;
  /** The sequence of the document's latest write. */
  seq: number;
  /** Cached by PouchDB 6 and later on every write. */
  winningRev: string;
  /** Whether the winning revision is a deletion. */
  deleted: boolean;
  /** The sequence holding each revision's body. */
  rev_map: Record<string, number>;
  rev_tree: unknown[];
}

/** A revision's body as stored (`_id` and `_rev` included). */
export type StoredDoc = PouchDB.Document & { _attachments?: Record<string, { stub?: boolean }> };

/** Thrown when the store holds what these readers do not interpret (metadata of an old PouchDB): the caller asks PouchDB. */
export class UnsupportedStoreRead extends Error {}

export const BY_SEQ_PREFIX = '\xffby-sequence\xff';
const DOC_STORE_PREFIX = '\xffdocument-store\xff';

/** The by-sequence key of `seq` (16 digits, zero-padded, so that keys sort as numbers). */
export function seqKey(seq: number): string {
  return BY_SEQ_PREFIX + String(seq).padStart(16, '0');
}

function getMany(store: RawLevelStore, keys: string[]): Promise<Array<string | undefined>> {
  return new Promise((resolve, reject) => {
    store.getMany(keys, { asBuffer: false }, (err, values) => (err ? reject(err) : resolve(values)));
  });
}

/** The metadata of each of `ids` that has a document (deleted ones included), in one read. */
export async function readMetadata(store: RawLevelStore, ids: string[]): Promise<Map<string, DocMetadata>> {
  const unique = [...new Set(ids)];
  const values = await getMany(store, unique.map((id) => DOC_STORE_PREFIX + id));
  const metadata = new Map<string, DocMetadata>();
  unique.forEach((id, index) => {
    const value = values[index];
    if (value === undefined) return;
    const meta = JSON.parse(value) as DocMetadata;
    if (typeof meta.winningRev !== 'string' || typeof meta.deleted !== 'boolean') {
      throw new UnsupportedStoreRead(`document ${id} has metadata without winningRev/deleted (written by an old PouchDB)`);
    }
    metadata.set(id, meta);
  });
  return metadata;
}

/**
 * Reads from `store` when it is open and holds what these readers interpret; otherwise (no
 * store, or UnsupportedStoreRead) asks PouchDB, whose answer is the same, only slower.
 */
export async function fromStoreOr<T>(store: RawLevelStore | null, read: (store: RawLevelStore) => Promise<T>, orPouchDB: () => PromiseLike<T>): Promise<T> {
  if (store !== null) {
    try {
      return await read(store);
    } catch (err) {
      if (!(err instanceof UnsupportedStoreRead)) throw err;
    }
  }
  return await orPouchDB();
}

/** Marks `doc`'s attachments as stubs, as PouchDB shows a document without its attachments' data. */
export function withAttachmentStubs<T extends StoredDoc>(doc: T): T {
  for (const attachment of Object.values(doc._attachments ?? {})) attachment.stub = true;
  return doc;
}

/** A document as stored now: its metadata, and its winning revision's body (null when that is a deletion). */
export interface StoredDocument {
  meta: DocMetadata;
  body: StoredDoc | null;
}

/** Each of `ids` that has a document (deleted ones included), in two reads for all of them; bodies show attachments as stubs. */
export async function readDocuments(store: RawLevelStore, ids: string[]): Promise<Map<string, StoredDocument>> {
  const metadata = await readMetadata(store, ids);
  const live = [...metadata.values()].filter((meta) => !meta.deleted);
  const bodies = await readWinningBodies(store, live);
  const bodyOf = new Map(live.map((meta, index) => [meta.id, withAttachmentStubs(bodies[index])]));
  return new Map([...metadata].map(([id, meta]) => [id, { meta, body: bodyOf.get(id) ?? null }]));
}

/** The bodies of the winning revisions of `documents`, in their order, in one read. */
export async function readWinningBodies(store: RawLevelStore, documents: DocMetadata[]): Promise<StoredDoc[]> {
  const seqs = documents.map((meta) => {
    const seq = meta.rev_map[meta.winningRev];
    if (typeof seq !== 'number') throw new UnsupportedStoreRead(`document ${meta.id} has no body for its winning revision`);
    return seq;
  });
  const values = await getMany(store, seqs.map(seqKey));
  return values.map((value, index) => {
    if (value === undefined) throw new UnsupportedStoreRead(`document ${documents[index].id} has no body for its winning revision`);
    return JSON.parse(value) as StoredDoc;
  });
}
