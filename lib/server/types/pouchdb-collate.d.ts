// The parts of pouchdb-collate 9.0.0 and pouchdb-md5 9.0.0 (untyped) that lib/server/views
// uses: CouchDB's key order as PouchDB implements it, and the hash that names a view's index.
declare module 'pouchdb-collate' {
  /** Negative, zero or positive, as `a` sorts before, with or after `b`. */
  export function collate(a: unknown, b: unknown): number;
  /** The string form of `key` under which PouchDB stores index rows. */
  export function toIndexableString(key: unknown): string;
  export function parseIndexableString(indexable: string): unknown;
}

declare module 'pouchdb-md5' {
  export function stringMd5(input: string): string;
}
