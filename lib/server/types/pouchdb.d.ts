// The parts of PouchDB 9 (untyped) that lib/server uses, including the methods
// express-pouchdb's plugins add (allDbs, getSecurity, putSecurity).
declare module 'pouchdb' {
  namespace PouchDB {
    type Seq = number | string;

    interface ChangesOptions {
      since?: Seq | 'now';
      limit?: number;
      live?: boolean;
      include_docs?: boolean;
      conflicts?: boolean;
      attachments?: boolean;
      descending?: boolean;
      style?: 'main_only' | 'all_docs';
      filter?: string | ((doc: Document) => boolean);
      selector?: Record<string, unknown>;
      doc_ids?: string[];
      view?: string;
      query_params?: Record<string, string>;
      return_docs?: boolean;
    }

    interface Document {
      _id: string;
      _rev?: string;
      _deleted?: boolean;
      [field: string]: unknown;
    }

    interface Change {
      id: string;
      seq: Seq;
      changes: Array<{ rev: string }>;
      deleted?: boolean;
      doc?: Document;
    }

    interface ChangesResponse {
      results: Change[];
      last_seq: Seq;
    }

    /** A running changes request: an event emitter and a promise of the whole result. */
    interface Changes extends PromiseLike<ChangesResponse> {
      on(event: 'change', listener: (change: Change) => void): this;
      on(event: 'complete', listener: (response: ChangesResponse) => void): this;
      on(event: 'error', listener: (error: PouchError) => void): this;
      cancel(): void;
    }

    interface PouchError extends Error {
      status?: number;
      reason?: string;
    }

    interface SecurityObject {
      admins?: { names?: string[]; roles?: string[] };
      members?: { names?: string[]; roles?: string[] };
    }

    interface DatabaseInfo {
      db_name: string;
      update_seq: Seq;
      doc_count: number;
    }

    interface AllDocsOptions {
      keys?: string[];
      limit?: number;
      startkey?: string;
      endkey?: string;
      skip?: number;
      include_docs?: boolean;
    }

    interface AllDocsRow {
      id: string;
      key: string;
      /** Missing for a key that names no document. */
      value: { rev: string; deleted?: boolean };
      /** With include_docs: null for a deleted document. */
      doc?: Document | null;
    }

    interface Database {
      readonly name: string;
      info(): Promise<DatabaseInfo>;
      get(id: string, options?: { conflicts?: boolean }): Promise<Document>;
      allDocs(options: AllDocsOptions): Promise<{ total_rows: number; rows: AllDocsRow[] }>;
      changes(options: ChangesOptions): Changes;
      put(doc: Document): Promise<{ ok: boolean; id: string; rev: string }>;
      /** Rows of `{ ok, id, rev }`, or `{ error, reason }` for a document that was refused. */
      bulkDocs(docs: Document[], options?: { new_edits?: boolean }): Promise<Array<{ id: string; rev: string; error?: string }>>;
      close(): Promise<void>;
      once(event: 'closed' | 'destroyed', listener: () => void): this;
      getSecurity(): Promise<SecurityObject>;
      putSecurity(security: SecurityObject): Promise<{ ok: boolean }>;
    }

    interface Constructor {
      new (name: string, options?: Record<string, unknown>): Database;
      defaults(options: Record<string, unknown>): Constructor;
      on(event: 'created' | 'destroyed', listener: (name: string) => void): Constructor;
      removeListener(event: 'created' | 'destroyed', listener: (name: string) => void): Constructor;
      listeners(event: 'created' | 'destroyed'): Array<(name: string) => void>;
      allDbs(): Promise<string[]>;
      /** Adds the plugin's methods to every database object's prototype. */
      plugin(plugin: object): Constructor;
    }
  }

  const PouchDB: PouchDB.Constructor;
  export = PouchDB;
}
