// leveldown 6 (untyped): the constructor PouchDB's leveldb adapter uses, returning the
// store whose reads changes/leveldb-changes.ts makes.
declare module 'leveldown' {
  import type { RawLevelStore } from '../leveldb-store';

  function leveldown(location: string): RawLevelStore;
  export = leveldown;
}
