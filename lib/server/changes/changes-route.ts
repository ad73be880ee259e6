// GET and POST /{db}/_changes, in place of express-pouchdb's (which dies on filter errors,
// never cancels a dropped feed, ignores longpoll's timeout and reads no POSTed selector).
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type PouchDB from 'pouchdb';
import { HttpError } from '../errors';
import { assertReader } from '../security-objects';
import { userContextOf } from '../user-context';
import { parseChangesQuery } from './changes-query';
import { coreGetSecurity } from './core-methods';
import type { RawLevelStore } from '../leveldb-store';
import { serveLongpollFeed, serveNormalFeed, serveStreamFeed, type FeedContext } from './feeds';
import type { OpenFeeds } from './open-feeds';

export interface ChangesRouteOptions {
  /** The database of that name if it exists, else null. */
  openDatabase(name: string): Promise<PouchDB.Database | null>;
  openFeeds: OpenFeeds;
  /** The open LevelDB store under database `name`, if any (see leveldb-changes.ts). */
  rawStore(name: string): RawLevelStore | null;
  /** Largest POST body accepted, in bytes. */
  maxBodyBytes: number;
}

function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'POST' && !req.is('application/json')) {
    next(new HttpError(415, 'bad_content_type', 'Content-Type must be application/json'));
    return;
  }
  next();
}

/** PouchDB's own errors (missing design document...) carry their CouchDB status and name. */
function asHttpError(err: unknown): unknown {
  if (err instanceof HttpError) return err;
  const pouchError = err as PouchDB.PouchError;
  if (typeof pouchError?.status === 'number') {
    return new HttpError(pouchError.status, pouchError.name, pouchError.reason ?? pouchError.message);
  }
  return err;
}

export function changesRouter(options: ChangesRouteOptions): Router {
  const router = express.Router();
  const handle = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const db = await options.openDatabase(req.params.db);
      if (db === null) throw new HttpError(404, 'not_found', 'Database does not exist.');
      const user = userContextOf(req);
      assertReader(user, await coreGetSecurity(db));
      const query = parseChangesQuery(new URL(req.originalUrl, 'http://localhost').searchParams, req.body);
      const ctx: FeedContext = { req, res, db, query, user, openFeeds: options.openFeeds, rawStore: options.rawStore(req.params.db) };
      if (query.feed === 'normal') await serveNormalFeed(ctx);
      else if (query.feed === 'longpoll') await serveLongpollFeed(ctx);
      else await serveStreamFeed(ctx);
    } catch (err) {
      next(asHttpError(err));
    }
  };
  const jsonBody = express.json({ limit: options.maxBodyBytes, type: 'application/json' });
  router.get('/:db/_changes', (req, res, next) => { void handle(req, res, next); });
  router.post('/:db/_changes', requireJsonBody, jsonBody, (req, res, next) => { void handle(req, res, next); });
  return router;
}
