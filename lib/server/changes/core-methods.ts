// express-pouchdb installs its security wrappers as own properties of each database object.
// PouchDB's changes() and the plugins' getSecurity() live on the prototype, unwrapped. The
// `_changes` route checks access itself and calls them directly: the wrapped changes()
// re-emits inner errors on an emitter nobody listens to, which is what killed the stock server.
import type PouchDB from 'pouchdb';

function core(db: PouchDB.Database): PouchDB.Database {
  return Object.getPrototypeOf(db) as PouchDB.Database;
}

export function coreChanges(db: PouchDB.Database, options: PouchDB.ChangesOptions): PouchDB.Changes {
  return core(db).changes.call(db, options);
}

export function coreGetSecurity(db: PouchDB.Database): Promise<PouchDB.SecurityObject> {
  return core(db).getSecurity.call(db);
}
