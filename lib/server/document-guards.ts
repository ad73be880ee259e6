// The documents of POST /{db}, PUT /{db}/{doc} and POST /{db}/_bulk_docs, checked as CouchDB 3
// checks them before PouchDB sees them. The body is parsed here, once; express-pouchdb's own
// JSON parser then sees it parsed and leaves it.
// - Content type: POST bodies must be application/json (415, as CouchDB); a PUT is read as JSON
//   whatever it says (CouchDB does; express-pouchdb stored an empty document).
// - Size: a document over `[couchdb] max_document_size` (8 MB) is 413 document_too_large, also
//   inside _bulk_docs, with its id as the reason.
// - Shape: _bulk_docs' `docs` (bulk-docs-shape.ts) and each document's special members (document-shape.ts).
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { HttpError } from './errors';
import { checkBulkDocsShape } from './bulk-docs-shape';
import { specialMembersProblem } from './document-shape';
import { isJsonObject } from './json-object';

export interface DocumentGuardOptions {
  maxDocumentBytes: () => number;
  /** Largest request body parsed, in bytes (inline attachments count here, not in the document size). */
  maxBodyBytes: number;
}

/** The size CouchDB measures: the document's own fields, without `_id`, `_rev`, `_attachments`... */
function bodySize(doc: Record<string, unknown>): number {
  const fields = Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));
  return Buffer.byteLength(JSON.stringify(fields));
}

/** `/_session`, `/_replicate`... are not databases; `_users` and `_replicator` are, and anyone may POST to `_users`. */
const isDatabase = (name: string): boolean => !name.startsWith('_') || name === '_users' || name === '_replicator';

const isJson = (req: Request): boolean => req.is('application/json') === 'application/json';

/** POST /{db} and _bulk_docs: CouchDB reads only application/json. */
function requireJson(req: Request, _res: Response, next: NextFunction): void {
  if (isJson(req)) next();
  else next(new HttpError(415, 'bad_content_type', 'Content-Type must be application/json'));
}

export function documentGuardsRouter(options: DocumentGuardOptions): Router {
  const router = express.Router();
  const parse = express.json({ limit: options.maxBodyBytes, type: 'application/json' });
  // Multipart bodies (a document with its attachments) are express-pouchdb's to read.
  const parseAnyButMultipart = express.json({ limit: options.maxBodyBytes, type: (req) => !/^multipart\//i.test(String(req.headers['content-type'] ?? '')) });

  const check = (docs: (req: Request) => unknown[], idOf: (req: Request, doc: Record<string, unknown>) => string): RequestHandler =>
    (req, _res, next) => {
      const max = options.maxDocumentBytes();
      for (const doc of docs(req)) {
        if (!isJsonObject(doc)) continue;
        if (bodySize(doc) > max) return next(new HttpError(413, 'document_too_large', idOf(req, doc)));
        const problem = specialMembersProblem(doc);
        if (problem) return next(problem);
      }
      next();
    };
  const idField = (_req: Request, doc: Record<string, unknown>): string => (typeof doc._id === 'string' ? doc._id : '');
  const single = (req: Request): unknown[] => [req.body];

  const databasesOnly: RequestHandler = (req, _res, next) => next(isDatabase(req.params.db) ? undefined : 'route');
  router.post('/:db/_bulk_docs', databasesOnly, requireJson, parse, checkBulkDocsShape, check((req) => req.body.docs as unknown[], idField));
  router.post('/:db', databasesOnly, requireJson, parse, check(single, idField));
  // Documents only: /{db}/{doc}/{attachment} bodies are attachments.
  router.put(['/:db/_design/:name', '/:db/_local/:name'], databasesOnly, parseAnyButMultipart, check(single, (req) => `${req.path.split('/')[2]}/${req.params.name}`));
  router.put('/:db/:doc', databasesOnly, (req, res, next) => (req.params.doc.startsWith('_') ? next('route') : parseAnyButMultipart(req, res, next)),
    check(single, (req) => req.params.doc));
  return router;
}
