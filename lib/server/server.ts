// `after db`'s server: CouchDB 3's HTTP API from express-pouchdb, PouchDB and LevelDB.
// lib/server is fenced off from the scheduler (the rest of lib/): neither imports the other,
// and HTTP is their only contract. startServer is the one way in, loaded on demand by the
// `after db` command (.dependency-cruiser.cjs holds the rule, docs/ARCHITECTURE.md says why).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { accessPolicy } from './access-policy';
import { changesRouter } from './changes/changes-route';
import { OpenFeeds } from './changes/open-feeds';
import { createCouchApp } from './couch-app';
import { MAX_DOCUMENT_SIZE, sessionTimeoutSeconds } from './couch-config';
import { openDataStore } from './data-store';
import { createDatabaseRouter, Databases } from './databases';
import { bulkDocsOrderRouter } from './bulk-docs-order';
import { documentGuardsRouter } from './document-guards';
import { PortInUseError, ServerStartError } from './errors';
import { jsonErrorHandler } from './json-errors';
import { jsonContentType, welcomeRoute } from './couch-welcome';
import { nodePathRewrite, statsRouter, upRoute } from './node-routes';
import { isEmptySecurity, tasksSecurity } from './security-objects';
import { persistentSessionCookie } from './session-cookie';
import { mountedApp, type MountedApp } from './mounted-app';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  admin: { login: string; password: string };
  /** The tasks database, created at start if missing. */
  tasksDb: string;
  /** After's version, which the welcome (GET /) shows. */
  version: string;
  log?: (line: string) => void;
  /** Another app served on the same port under its own path (the dashboard at /_after). */
  mount?: MountedApp;
}

export interface EmbeddedServer {
  /** Without credentials, e.g. http://127.0.0.1:5984 */
  url: string;
  port: number;
  /** Ends live feeds, stops listening, closes every LevelDB store. */
  close(): Promise<void>;
}

/** Bodies larger than this are refused with 413 too_large (CouchDB's max_http_request_size is larger, but Node must hold the body). */
const MAX_BODY_BYTES = 256 * 1024 * 1024;
/** How long close() lets requests in flight finish before cutting their connections. */
const CLOSE_GRACE_MS = 2000;

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.removeListener('listening', onListening);
      if (err.code === 'EADDRINUSE') reject(new PortInUseError(host, port));
      else reject(new ServerStartError(`after db: cannot listen on ${host}:${port}: ${err.code ?? err.message}`));
    };
    const onListening = (): void => {
      server.removeListener('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeHttpServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export async function startServer(options: ServerOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => undefined);
  const store = openDataStore(options.dataDir);
  try {
    const openFeeds = new OpenFeeds();
    const databases = new Databases(store.PouchDB, options.dataDir);

    const guards = express.Router();
    guards.use(accessPolicy());
    guards.use(statsRouter(openFeeds));
    guards.use(createDatabaseRouter(databases));
    guards.use(bulkDocsOrderRouter());
    guards.use(changesRouter({
      openDatabase: (name) => databases.open(name),
      openFeeds,
      rawStore: (name) => store.rawStore(name),
      maxBodyBytes: MAX_BODY_BYTES,
    }));
    const couchApp = await createCouchApp({ PouchDB: store.PouchDB, rawStore: (name) => store.rawStore(name), dataDir: options.dataDir, admin: options.admin, guards });
    // Last of the guards: it reads the size limit from the configuration couchApp holds.
    guards.use(documentGuardsRouter({
      maxDocumentBytes: () => Number(couchApp.couchConfig.get('couchdb', 'max_document_size')) || MAX_DOCUMENT_SIZE,
      maxBodyBytes: MAX_BODY_BYTES,
    }));

    await ensureTasksDatabase(databases, options.tasksDb, options.admin.login);

    const app = express();
    app.disable('x-powered-by');
    app.use(upRoute());
    if (options.mount) app.use(mountedApp(options.mount));
    app.use(welcomeRoute(couchApp.couchConfig, options.version));
    app.use(jsonContentType());
    app.use(nodePathRewrite());
    app.use(persistentSessionCookie(() => sessionTimeoutSeconds(couchApp.couchConfig)));
    app.use(couchApp);
    app.use(jsonErrorHandler(log));

    const server = http.createServer(app);
    const port = await listen(server, options.host, options.port);
    let closing: Promise<void> | null = null;
    return {
      url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
      port,
      close() {
        closing ??= (async () => {
          const stopped = closeHttpServer(server);
          openFeeds.stopAll();
          await stopped;
          await store.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await store.close();
    throw dataDirInUse(err, options.dataDir) ?? err;
  }
}

/** LevelDB's lock on a database in `dataDir` is held: another `after db` serves that directory. */
function dataDirInUse(err: unknown, dataDir: string): ServerStartError | null {
  const message = err instanceof Error ? err.message : String(err);
  if (!/IO error: lock .*Resource temporarily unavailable/.test(message)) return null;
  return new ServerStartError(`after db: data directory ${dataDir} is in use by another after db (${message}); ` +
    'stop that one (after stop db) or choose another --dir');
}

async function ensureTasksDatabase(databases: Databases, name: string, adminLogin: string): Promise<void> {
  if (await databases.create(name, tasksSecurity(adminLogin))) return;
  const db = await databases.open(name);
  if (db && isEmptySecurity(await db.getSecurity())) await db.putSecurity(tasksSecurity(adminLogin));
}
