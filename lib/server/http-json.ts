// CouchDB answers JSON, one object and a newline; errors as {"error", "reason"}.
import type { Response } from 'express';
import { HttpError } from './errors';

export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'must-revalidate');
  res.end(`${JSON.stringify(body)}\n`);
}

export function sendHttpError(res: Response, error: HttpError): void {
  sendJson(res, error.status, { error: error.error, reason: error.reason });
}
