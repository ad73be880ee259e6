// The last handler: every error becomes CouchDB's JSON error, never Express's HTML page with a stack.
import type { ErrorRequestHandler } from 'express';
import { HttpError } from './errors';
import { sendJson } from './http-json';

const ERROR_NAMES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  412: 'file_exists',
  413: 'too_large',
  415: 'bad_content_type',
  416: 'requested_range_not_satisfiable',
};

/** body-parser's errors for a request whose stream ended early or was closed. */
const CLIENT_GONE = new Set(['request.aborted', 'stream.not.readable']);

function statusOf(err: { status?: unknown; statusCode?: unknown }): number {
  const status = typeof err.status === 'number' ? err.status : err.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500;
}

export function jsonErrorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof HttpError) {
      if (res.headersSent) res.end();
      else sendJson(res, err.status, { error: err.error, reason: err.reason });
      return;
    }
    const error = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as Error & { status?: unknown; statusCode?: unknown; type?: string };
    if (CLIENT_GONE.has(error.type ?? '') && req.destroyed) {
      // The client went away before its body was read (a worker's stop aborts its longpoll):
      // no one to answer, and nothing went wrong here.
      res.destroy();
      return;
    }
    const status = statusOf(error);
    if (status >= 500) log(`${req.method} ${req.originalUrl} failed: ${error.stack ?? error.message}`);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error.type === 'entity.parse.failed') {
      sendJson(res, 400, { error: 'bad_request', reason: 'invalid UTF-8 JSON' });
      return;
    }
    if (error.type === 'entity.too.large') {
      sendJson(res, 413, { error: 'too_large', reason: 'the request entity is too large' });
      return;
    }
    sendJson(res, status, { error: ERROR_NAMES[status] ?? 'unknown_error', reason: error.message || 'unknown error' });
  };
}
