// The parts of express-pouchdb 4.2.0 (untyped) that lib/server uses.
declare module 'express-pouchdb' {
  import type { Application } from 'express';
  import type PouchDB from 'pouchdb';

  namespace expressPouchDB {
    interface CouchConfig {
      get(section: string, key: string): unknown;
      getSection(section: string): Record<string, string>;
      set(section: string, key: string, value: unknown, callback: (err: Error | null) => void): void;
      delete(section: string, key: string, callback: (err: Error | null) => void): void;
      registerDefault(section: string, key: string, value: unknown): void;
    }

    interface DatabaseWrapper {
      /** Installs the security, validation and auth wrappers on `db` (once per instance). */
      wrap<T>(name: string, db: T): Promise<T>;
      /** Adds a step that runs once on every database object before its first use. */
      registerWrapper(wrapper: (name: string, db: PouchDB.Database, next: () => Promise<void>) => unknown): void;
    }

    interface Options {
      mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom';
      overrideMode?: { include?: string[]; exclude?: string[] };
      configPath?: string;
      logPath?: string;
      inMemoryConfig?: boolean;
    }

    interface App extends Application {
      couchConfig: CouchConfig;
      couchLogger: { setLevel(level: string): void };
      dbWrapper: DatabaseWrapper;
      setPouchDB(constructor: PouchDB.Constructor): Promise<void>;
    }

    /** The userCtx express-pouchdb puts on `req.couchSession`. */
    interface UserContext {
      name: string | null;
      roles: string[];
    }
  }

  function expressPouchDB(opts: expressPouchDB.Options): expressPouchDB.App;
  export = expressPouchDB;
}

// Its database cache: the same PouchDB object for a name as its own routes use.
declare module 'express-pouchdb/lib/create-or-delete-dbs' {
  import type PouchDB from 'pouchdb';
  export function getOrCreateDB(constructor: PouchDB.Constructor, name: string): Promise<PouchDB.Database>;
}
