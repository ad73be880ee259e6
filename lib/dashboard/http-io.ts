// JSON in and out of node:http, and the dashboard's error answers:
// {"error": "<code>", "reason": "<one line: what was wrong and what is accepted>"}.
import type http from 'node:http';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly status: number, readonly code: string, reason: string) {
    super(reason);
  }
}

export const unauthorized = (): ApiError =>
  new ApiError(401, 'unauthorized', 'log in first: POST /api/session with {"name": ..., "password": ...} of a user of the database');

/** Request bodies larger than this are refused: the API takes a name and password, or a date. */
const MAX_BODY_BYTES = 64 * 1024;

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function sendError(res: http.ServerResponse, err: ApiError, headers: http.OutgoingHttpHeaders = {}): void {
  sendJson(res, err.status, { error: err.code, reason: err.message }, headers);
}

/** The body as a JSON object; ApiError 400/413 for anything else. */
export async function readJsonObject(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'too_large', `the request body is over ${MAX_BODY_BYTES} bytes; send a small JSON object`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'bad_request', 'the request body is not JSON; send a JSON object with content-type application/json');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'bad_request', `the request body must be a JSON object, not ${JSON.stringify(body).slice(0, 80)}`);
  }
  return body as Record<string, unknown>;
}

/** One cookie's value from the Cookie header, or null. */
export function cookieValue(req: http.IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) {
      const value = part.slice(at + 1).trim();
      return value === '' ? null : value;
    }
  }
  return null;
}
