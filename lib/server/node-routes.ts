// CouchDB 3's node-level paths that ops scripts use: /_up, /_node/{node}/_config and _stats.
import express, { type RequestHandler, type Router } from 'express';
import type { OpenFeeds } from './changes/open-feeds';
import { sendJson } from './http-json';

/** GET /_up: answered before authentication, as CouchDB does. */
export function upRoute(): RequestHandler {
  return (req, res, next) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && req.path === '/_up') sendJson(res, 200, { status: 'ok', seeds: {} });
    else next();
  };
}

/**
 * /_node/_local/... and /_node/node1@127.0.0.1/... are this single node's /...: express-pouchdb
 * serves /_config, and /_stats is ours.
 */
export function nodePathRewrite(): RequestHandler {
  return (req, _res, next) => {
    const match = /^\/_node\/(_local|node1@127\.0\.0\.1)(\/.*)?$/.exec(req.url);
    if (match) {
      req.url = match[2] ?? '/';
      // express-pouchdb's vhost step rebuilds req.url from originalUrl.
      req.originalUrl = req.url;
    }
    next();
  };
}

/** GET /_stats[/group/metric...]: the metrics this server keeps, in CouchDB's shape. */
export function statsRouter(openFeeds: OpenFeeds): Router {
  const router = express.Router();
  router.get(/^\/_stats(\/.*)?$/, (req, res) => {
    const stats: Record<string, unknown> = {
      couchdb: {
        httpd: {
          clients_requesting_changes: {
            value: openFeeds.count,
            type: 'counter',
            desc: 'number of clients for continuous _changes',
          },
        },
      },
    };
    let node: unknown = stats;
    for (const key of req.path.split('/').slice(2).filter(Boolean)) {
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
    if (node === undefined) sendJson(res, 404, { error: 'not_found', reason: 'missing' });
    else sendJson(res, 200, node);
  });
  return router;
}
