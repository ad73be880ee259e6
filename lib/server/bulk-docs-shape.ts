// The shape of a `_bulk_docs` body, refused as CouchDB 3 refuses it (400 bad_request with its
// reasons) before PouchDB, which answered 500 with a TypeError to `{"docs": [1, "x", null]}`.
import type { NextFunction, Request, Response } from 'express';
import { badRequest } from './errors';
import { isJsonObject } from './json-object';

/** Express middleware for `POST /{db}/_bulk_docs`, after the body is parsed. */
export function checkBulkDocsShape(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (!isJsonObject(body)) return next(badRequest('Request body must be a JSON object'));
  const { docs } = body as { docs?: unknown };
  if (docs === undefined) return next(badRequest('POST body must include `docs` parameter.'));
  if (!Array.isArray(docs)) return next(badRequest('`docs` parameter must be an array.'));
  if (!docs.every(isJsonObject)) return next(badRequest('Document must be a JSON object'));
  next();
}
