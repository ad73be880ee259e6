// express-pouchdb (Express 4) on our PouchDB, with our routes placed right after its
// authentication middleware: they need the session it builds, and must run before its routes.
import path from 'node:path';
import expressPouchDB, { type App } from 'express-pouchdb';
import type { Router } from 'express';
import type PouchDB from 'pouchdb';
import { ServerStartError } from './errors';
import type { RawLevelStore } from './leveldb-store';
import { installAllDocsByKeys } from './all-docs-by-keys';
import { installBatchValidation } from './validation/batch-validation';
import { configureAdmin, ensureServerUuid, persistCookieSecret, registerCouchDefaults } from './couch-config';

interface Layer {
  name: string;
}

// express-pouchdb builds its whole middleware stack in its constructor, so ours is inserted
// into Express 4's stack (express and express-pouchdb are pinned to exact versions).
function insertAfterAuthentication(app: App, router: Router): void {
  const stack = (app as unknown as { _router: { stack: Layer[] } })._router.stack;
  const cookieParserAt = stack.findIndex((layer) => layer.name === 'cookieParser');
  if (cookieParserAt < 0 || cookieParserAt + 1 >= stack.length) {
    throw new ServerStartError('express-pouchdb has no authentication middleware where expected; is it version 4.2.0?');
  }
  app.use(router);
  const ours = stack.pop() as Layer;
  // The session middleware is the layer right after cookieParser.
  stack.splice(cookieParserAt + 2, 0, ours);
}

export interface CouchAppOptions {
  PouchDB: PouchDB.Constructor;
  dataDir: string;
  admin: { login: string; password: string };
  /** The open LevelDB store under a database, for reads PouchDB makes one key at a time. */
  rawStore(name: string): RawLevelStore | null;
  /** Runs with the authenticated session, before express-pouchdb's routes. */
  guards: Router;
}

export async function createCouchApp(options: CouchAppOptions): Promise<App> {
  const app = expressPouchDB({
    mode: 'fullCouchDB',
    configPath: path.join(options.dataDir, 'server-config.json'),
    logPath: path.join(options.dataDir, 'server-log.txt'),
    overrideMode: {
      // compression buffers continuous feeds (CouchDB does not compress either); changes is
      // replaced by ours; special-test-auth lets a config value turn anyone into an admin.
      // validation is replaced by ours, which validates a batch at a time; root (the welcome) by CouchDB's.
      exclude: ['compression', 'routes/changes', 'routes/special-test-auth', 'validation', 'routes/root'],
    },
  });
  app.dbWrapper.registerWrapper((_name, db, next) => {
    const rawStore = (): RawLevelStore | null => options.rawStore(db.name);
    installBatchValidation(db, rawStore);
    installAllDocsByKeys(db, rawStore);
    return next();
  });
  registerCouchDefaults(app.couchConfig);
  app.couchLogger.setLevel(String(app.couchConfig.get('log', 'level')));
  await app.setPouchDB(options.PouchDB);
  await configureAdmin(app.couchConfig, options.admin);
  await persistCookieSecret(app.couchConfig);
  await ensureServerUuid(app.couchConfig);
  insertAfterAuthentication(app, options.guards);
  return app;
}
