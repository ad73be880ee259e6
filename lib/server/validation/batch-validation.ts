// validate_doc_update for the embedded server, one batch at a time. Every write goes through
// bulkDocs (PouchDB's put, post and remove call it), so this one wrapper validates them all:
// one read of the design documents per batch, where pouchdb-validation read them, and
// compiled every function, for each document. The stored documents are read only when a
// function declares `oldDoc` (After's own does not), from the LevelDB store in two reads
// per batch (see leveldb-store.ts): PouchDB's allDocs with keys opens a LevelDB iterator
// per key. What each way cost: docs/ARCHITECTURE.md, "Decisions and their measurements".
import { randomUUID } from 'node:crypto';
import type PouchDB from 'pouchdb';
import { installWrapperMethods, type BulkDocsArgs } from 'pouchdb-wrappers';
import { rowsInRequestOrder } from '../bulk-docs-order';
import { fromStoreOr, readDocuments, type RawLevelStore } from '../leveldb-store';
import { DesignValidators, type UserContext, type Validator } from './validators';

type Doc = Record<string, unknown>;

/**
 * A document a validate_doc_update function refused, or whose validation failed. It is the
 * row of its document in the answer: express-pouchdb sends `{id, error: name, reason: message}`
 * for a `_bulk_docs` row, and `{error: name, reason: message}` with `status` for a single write.
 */
export class DocumentRejected extends Error {
  readonly error = true;
  constructor(readonly id: string, readonly status: number, override readonly name: string, message: string) {
    super(message);
  }
}

/** The row for a validation that threw `thrown`: 403 forbidden, 401 unauthorized, or 500 for a failing function. */
export function rejection(id: string, thrown: unknown): DocumentRejected {
  const refusal = thrown as { forbidden?: unknown; unauthorized?: unknown } | null;
  if (refusal && typeof refusal === 'object') {
    if (refusal.forbidden !== undefined) return new DocumentRejected(id, 403, 'forbidden', String(refusal.forbidden));
    if (refusal.unauthorized !== undefined) return new DocumentRejected(id, 401, 'unauthorized', String(refusal.unauthorized));
  }
  const err = thrown instanceof Error ? thrown : new Error(String(thrown));
  return new DocumentRejected(id, 500, err.name, `${err.toString()}\n\n${err.stack ?? ''}`);
}

/** Design and local documents are not validated, as in CouchDB. */
function isValidated(doc: Doc): boolean {
  const id = String(doc._id);
  return !id.startsWith('_design/') && !id.startsWith('_local/');
}

/** The stored winning revision of each id (missing when there is none or it is deleted): two reads from the store, else one `get` each. */
async function storedDocs(db: PouchDB.Database, store: RawLevelStore | null, ids: string[]): Promise<Map<string, Doc>> {
  return fromStoreOr(store, async (open) => {
    const stored = new Map<string, Doc>();
    for (const [id, { body }] of await readDocuments(open, ids)) if (body !== null) stored.set(id, body);
    return stored;
  }, async () => {
    const stored = new Map<string, Doc>();
    await Promise.all([...new Set(ids)].map(async (id) => {
      try {
        stored.set(id, await db.get(id));
      } catch (err) {
        if ((err as PouchDB.PouchError).status !== 404) throw err;
      }
    }));
    return stored;
  });
}

/** The first refusal of `doc` by `validators`, or null when all accept it. */
function validateOne(validators: Validator[], doc: Doc, oldDoc: Doc | null, userCtx: UserContext, secObj: object): DocumentRejected | null {
  try {
    for (const validator of validators) validator.validate(doc, oldDoc, userCtx, secObj);
    return null;
  } catch (thrown) {
    return rejection(String(doc._id), thrown);
  }
}

/** `rawStore`: the database's open LevelDB store, if any (the stored documents are read from it). */
export function installBatchValidation(db: PouchDB.Database, rawStore: () => RawLevelStore | null): void {
  const validators = new DesignValidators(db);
  installWrapperMethods(db, {
    async bulkDocs(orig, args: BulkDocsArgs) {
      const docs = args.docs;
      for (const doc of docs) if (doc && typeof doc === 'object' && !doc._id) doc._id = randomUUID().replace(/-/g, '');
      const checked = docs.filter((doc) => doc && typeof doc === 'object' && isValidated(doc));
      if (checked.length === 0) return orig();
      const current = await validators.current();
      if (current.length === 0) return orig();

      const readsOldDoc = current.some((validator) => validator.readsOldDoc);
      const stored = readsOldDoc ? await storedDocs(db, rawStore(), checked.map((doc) => String(doc._id))) : new Map<string, Doc>();
      // Without a session (a call from inside the server) the writer is the server itself.
      const userCtx = (args.options.userCtx as UserContext | undefined) ?? { db: db.name, name: null, roles: ['_admin'] };
      const secObj = (args.options.secObj as object | undefined) ?? {};

      const rejected: DocumentRejected[] = [];
      const checkedSet = new Set(checked);
      args.docs = docs.filter((doc) => {
        if (!checkedSet.has(doc)) return true;
        const refusal = validateOne(current, doc, stored.get(String(doc._id)) ?? null, userCtx, secObj);
        if (refusal) rejected.push(refusal);
        return refusal === null;
      });
      const written = await orig();
      return rowsInRequestOrder(docs, [...rejected, ...(written as Array<{ id?: string }>)]);
    },
  });
}
