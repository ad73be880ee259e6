// PouchDB on LevelDB in one data directory, with a way to close every LevelDB store it
// opened: express-pouchdb and its plugins create PouchDB objects of their own everywhere.
import fs from 'node:fs';
import path from 'node:path';
import leveldown from 'leveldown';
import PouchDB from 'pouchdb';
import type { RawLevelStore } from './leveldb-store';
import { ServerStartError } from './errors';
import { mapReducePlugin } from './views/map-reduce';
import { keepRowCounts } from './views/row-counts';

export interface DataStore {
  readonly PouchDB: PouchDB.Constructor;
  /** The open LevelDB store under database `name`, for reads PouchDB makes slowly (see leveldb-changes.ts); null if not open. */
  rawStore(name: string): RawLevelStore | null;
  /** Closes every LevelDB store opened through `PouchDB`, and forgets the listeners its users added. */
  close(): Promise<void>;
}

let openStore: string | null = null;

export function openDataStore(dataDir: string): DataStore {
  // PouchDB's 'created'/'destroyed' events are process-wide (every defaults() constructor
  // shares one emitter), so two live servers in one process would see each other's databases.
  if (openStore !== null) {
    throw new ServerStartError(`an embedded server for ${openStore} is already running in this process; close it first`);
  }
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new ServerStartError(`cannot create the data directory ${dataDir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  openStore = dataDir;
  PouchDB.plugin(mapReducePlugin);

  const rawStores = new Map<string, RawLevelStore>();
  // Named as leveldown's own constructor: PouchDB shares open stores by that name, so a
  // database opened without this factory is still opened once.
  const LevelDOWN = (location: string): RawLevelStore => {
    const store = leveldown(location);
    rawStores.set(location, store);
    return store;
  };
  const Base = PouchDB.defaults({ prefix: `${dataDir}${path.sep}`, db: LevelDOWN });
  const names = new Set<string>();
  type NameOrOptions = string | { name: string };
  // express-pouchdb's PouchDB.new (pouchdb-wrappers) passes one object of options, the name
  // included, which PouchDB's constructor takes out of it.
  class TrackedPouchDB extends (Base as unknown as new (name: NameOrOptions, options?: Record<string, unknown>) => PouchDB.Database) {
    constructor(name: NameOrOptions, options?: Record<string, unknown>) {
      const dbName = typeof name === 'string' ? name : name.name;
      super(name, options);
      names.add(dbName);
      // A view's index (PouchDB names it after its source database and a hash of its functions).
      if (/-mrview-[0-9a-f]+$/.test(dbName)) keepRowCounts(this);
    }
  }
  const forget = (name: string): void => { names.delete(name); };
  const listenersBefore = {
    created: PouchDB.listeners('created'),
    destroyed: PouchDB.listeners('destroyed'),
  };
  // Reopening a destroyed database to close it would create it again.
  PouchDB.on('destroyed', forget);

  return {
    PouchDB: TrackedPouchDB as unknown as PouchDB.Constructor,
    rawStore(name) {
      const store = rawStores.get(`${dataDir}${path.sep}${name}`);
      return store?.status === 'open' ? store : null;
    },
    async close() {
      for (const event of ['created', 'destroyed'] as const) {
        for (const listener of PouchDB.listeners(event)) {
          if (!listenersBefore[event].includes(listener)) PouchDB.removeListener(event, listener);
        }
      }
      // View indexes first: closing a database also closes its open indexes, and a second
      // close through a fresh object would reopen them.
      const ordered = [...names].sort((a, b) => Number(b.includes('-mrview-')) - Number(a.includes('-mrview-')));
      for (const name of ordered) {
        // A fresh object shares the open LevelDB store of that name; closing it closes the store.
        const db = new Base(name);
        try {
          await db.close();
        } catch {
          // Already closed through another object.
        }
      }
      rawStores.clear();
      openStore = null;
    },
  };
}
