// Turns a FilterSpec into the options PouchDB's changes() gets. Predicates are ours, not
// PouchDB's: on a live feed PouchDB swallows an error thrown by a filter and the feed goes
// silent, so every predicate reports its failure to the feed, which answers with it.
import vm from 'node:vm';
import type PouchDB from 'pouchdb';
import { rowFilter } from 'pouchdb-selector-core';
import { HttpError, badRequest } from '../errors';
import type { UserContext } from '../user-context';
import type { FilterSpec } from './changes-query';

type Predicate = (doc: PouchDB.Document) => unknown;

/**
 * rowFilter, with CouchDB's answer where pouchdb-selector-core has none: a field looked up in an
 * array element that is null (`history: [null]` under `$elemMatch: {by: ...}`) throws a
 * TypeError there, while Mango finds no such field there, and so no match. Thrown out of a feed,
 * the error ended every feed whose selector met that one document. Such a document matches
 * nothing here, even where a later element of the array would have matched on CouchDB.
 */
function matchesRow(doc: PouchDB.Document, selector: Record<string, unknown>, fields: string[]): boolean {
  try {
    return rowFilter(doc, selector, fields);
  } catch (err) {
    if (err instanceof TypeError && /^Cannot read properties of (null|undefined)/.test(err.message)) return false;
    throw err;
  }
}

/** Called once, with the HTTP error the feed must end with, when a filter throws. */
export type FilterFailure = (error: HttpError) => void;

function designFunctionSource(ddoc: PouchDB.Document, section: 'filters' | 'views', name: string): string {
  const functions = ddoc[section];
  if (typeof functions !== 'object' || functions === null) throw new HttpError(404, 'not_found', `missing json key: ${section}`);
  const entry = (functions as Record<string, unknown>)[name];
  const source = section === 'views' ? (entry as { map?: unknown } | undefined)?.map : entry;
  if (typeof source !== 'string') throw new HttpError(404, 'not_found', `missing json key: ${name}`);
  return source;
}

async function loadDesignDoc(db: PouchDB.Database, name: string): Promise<PouchDB.Document> {
  try {
    // The wrapped get() is fine here: it fails by rejecting, and without a userCtx it allows all.
    return await db.get(`_design/${name}`);
  } catch (err) {
    const status = (err as PouchDB.PouchError).status;
    if (status === 404) throw new HttpError(404, 'not_found', 'missing');
    throw err;
  }
}

function compile(source: string, globals: Record<string, unknown>): (...args: unknown[]) => unknown {
  let compiled: unknown;
  try {
    compiled = vm.runInNewContext(`(${source}\n)`, { log: () => undefined, ...globals });
  } catch (err) {
    throw new HttpError(500, 'compilation_error', `${(err as Error).message} (${source.slice(0, 80)})`);
  }
  if (typeof compiled !== 'function') throw new HttpError(500, 'compilation_error', 'Expression does not eval to a function.');
  return compiled as (...args: unknown[]) => unknown;
}

/** CouchDB answers a JS exception in a filter with 500 and the exception's name. */
function javascriptError(err: unknown): HttpError {
  // Not `instanceof Error`: design functions run in their own realm, with their own Error.
  const { name, message } = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; message?: unknown };
  return new HttpError(500, typeof name === 'string' ? name : 'Error', typeof message === 'string' ? message : String(err));
}

async function predicateFor(db: PouchDB.Database, spec: FilterSpec, user: UserContext): Promise<[Predicate, (err: unknown) => HttpError] | null> {
  switch (spec.kind) {
    case 'all':
    case 'doc_ids':
      return null;
    case 'design':
      return [(doc) => doc._id.startsWith('_design/'), javascriptError];
    case 'selector': {
      // rowFilter, not matchesSelector: the selector was massaged once when the request was
      // read, and matchesSelector massages it again for every document, most of the filter's
      // time on a worker's feed (docs/ARCHITECTURE.md, "Decisions and their measurements").
      const fields = Object.keys(spec.selector);
      return [(doc) => matchesRow(doc, spec.selector, fields), (err) => badRequest(`Selector error: ${(err as Error).message}`)];
    }
    case 'view': {
      const source = designFunctionSource(await loadDesignDoc(db, spec.ddoc), 'views', spec.name);
      let emitted = false;
      const map = compile(source, { emit: () => { emitted = true; } });
      return [(doc) => { emitted = false; map(doc); return emitted; }, javascriptError];
    }
    case 'function': {
      const source = designFunctionSource(await loadDesignDoc(db, spec.ddoc), 'filters', spec.name);
      const filter = compile(source, {});
      const request = { query: spec.query, userCtx: user };
      return [(doc) => filter(doc, request), javascriptError];
    }
  }
}

/** PouchDB changes() options for `spec`; throws the 4xx/5xx CouchDB answers for a missing filter. */
export async function filterOptions(
  db: PouchDB.Database,
  spec: FilterSpec,
  user: UserContext,
  onFailure: FilterFailure,
): Promise<PouchDB.ChangesOptions> {
  if (spec.kind === 'doc_ids') return { doc_ids: spec.ids };
  const found = await predicateFor(db, spec, user);
  if (found === null) return {};
  const [predicate, toHttpError] = found;
  let failed = false;
  return {
    filter: (doc) => {
      if (failed) return false;
      try {
        return Boolean(predicate(doc));
      } catch (err) {
        failed = true;
        onFailure(toHttpError(err));
        return false;
      }
    },
  };
}
