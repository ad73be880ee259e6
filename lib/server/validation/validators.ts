// The validate_doc_update functions of one database's design documents, compiled once per
// design document revision. pouchdb-validation compiled every one again for each document
// written, which (with its per-document reads) made a batch of writes several times slower
// than on a database without design documents (docs/ARCHITECTURE.md, "Decisions and their
// measurements").
import { evaluate } from 'couchdb-eval';
import type PouchDB from 'pouchdb';

type Doc = Record<string, unknown>;

/** CouchDB's user context object, as validate_doc_update receives it. */
export interface UserContext {
  db?: string;
  name: string | null;
  roles: string[];
}

export interface Validator {
  designDoc: Doc;
  /**
   * Whether the function declares the `oldDoc` parameter. One declared as `function (newDoc)`
   * cannot look at the stored document, so a batch it alone validates reads none.
   */
  readsOldDoc: boolean;
  /** Throws `{forbidden}` or `{unauthorized}` to refuse `newDoc`, as in CouchDB. */
  validate(newDoc: Doc, oldDoc: Doc | null, userCtx: UserContext, secObj: object): void;
}

interface Compiled {
  rev: string;
  validator: Validator;
}

export class DesignValidators {
  /** By design document id. */
  private readonly compiled = new Map<string, Compiled>();

  constructor(private readonly db: PouchDB.Database) {}

  /** The validators of the design documents stored now (one read of the `_design/` range). */
  async current(): Promise<Validator[]> {
    const result = await this.db.allDocs({ startkey: '_design/', endkey: '_design0', include_docs: true });
    const validators: Validator[] = [];
    const seen = new Set<string>();
    for (const row of result.rows) {
      const designDoc = row.doc;
      if (!designDoc || typeof designDoc.validate_doc_update !== 'string') continue;
      seen.add(row.id);
      validators.push(this.compile(row.id, row.value.rev, designDoc, designDoc.validate_doc_update));
    }
    for (const id of this.compiled.keys()) if (!seen.has(id)) this.compiled.delete(id);
    return validators;
  }

  private compile(id: string, rev: string, designDoc: Doc, source: string): Validator {
    const cached = this.compiled.get(id);
    if (cached?.rev === rev) return cached.validator;
    const fn = evaluate(designDoc, {}, source);
    const validator: Validator = {
      designDoc,
      readsOldDoc: fn.length !== 1,
      validate: (newDoc, oldDoc, userCtx, secObj) => { fn.call(designDoc, newDoc, oldDoc, userCtx, secObj); },
    };
    this.compiled.set(id, { rev, validator });
    return validator;
  }
}
