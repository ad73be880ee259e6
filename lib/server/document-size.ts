// CouchDB 3 refuses a document whose body is larger than `[couchdb] max_document_size`
// (8 MB) with 413 document_too_large, also inside _bulk_docs. The body is parsed here, once;
// express-pouchdb's own JSON parser then sees it parsed and leaves it.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { HttpError } from './errors';
import { checkBulkDocsShape } from './bulk-docs-shape';

export interface DocumentSizeOptions {
  maxDocumentBytes: () => number;
  /** Largest request body parsed, in bytes (inline attachments count here, not in the document size). */
  maxBodyBytes: number;
}

/** The size CouchDB measures: the document's own fields, without `_id`, `_rev`, `_attachments`... */
function bodySize(doc: Record<string, unknown>): number {
  const fields = Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));
  return Buffer.byteLength(JSON.stringify(fields));
}

function isDocument(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function documentSizeRouter(options: DocumentSizeOptions): Router {
  const router = express.Router();
  const parse = express.json({ limit: options.maxBodyBytes, type: 'application/json' });

  const check = (docs: (req: Request) => unknown[], idOf: (req: Request, doc: Record<string, unknown>) => string) =>
    (req: Request, _res: Response, next: NextFunction): void => {
      const max = options.maxDocumentBytes();
      for (const doc of docs(req)) {
        if (isDocument(doc) && bodySize(doc) > max) {
          next(new HttpError(413, 'document_too_large', idOf(req, doc)));
          return;
        }
      }
      next();
    };
  const idField = (_req: Request, doc: Record<string, unknown>): string => (typeof doc._id === 'string' ? doc._id : '');
  const single = (req: Request): unknown[] => [req.body];

  router.post('/:db/_bulk_docs', parse, checkBulkDocsShape, check((req) => req.body.docs as unknown[], idField));
  router.post('/:db', parse, check(single, idField));
  // Documents only: /{db}/{doc}/{attachment} bodies are attachments.
  router.put(['/:db/_design/:name', '/:db/_local/:name'], parse, check(single, (req) => `${req.path.split('/')[2]}/${req.params.name}`));
  router.put('/:db/:doc', (req, res, next) => (req.params.doc.startsWith('_') ? next() : parse(req, res, next)), check(single, (req) => req.params.doc));
  return router;
}
