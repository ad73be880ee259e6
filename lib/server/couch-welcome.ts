// Where the embedded server answers as CouchDB 3 does rather than as express-pouchdb does.
import type { RequestHandler } from 'express';
import type { CouchConfig } from 'express-pouchdb';
import { sendJson } from './http-json';

/** GET /: CouchDB's welcome, public as on CouchDB; `vendor` says which server this is, `version` After's. */
export function welcomeRoute(config: CouchConfig, version: string): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== '/') {
      next();
      return;
    }
    sendJson(res, 200, {
      couchdb: 'Welcome',
      version,
      uuid: String(config.get('couchdb', 'uuid')),
      features: [],
      vendor: { name: 'After embedded server (PouchDB on LevelDB)', version },
    });
  };
}

/**
 * CouchDB 3 answers JSON as application/json whatever the Accept header says. express-pouchdb
 * answers text/plain unless JSON is asked for (CouchDB 1's way), through `res.type('text/plain')`,
 * which it calls for JSON bodies only.
 */
export function jsonContentType(): RequestHandler {
  return (_req, res, next) => {
    const setType = res.type.bind(res);
    res.type = (type: string) => (type === 'text/plain' ? res.setHeader('Content-Type', 'application/json') : setType(type));
    next();
  };
}
