// The page: dashboard/index.html at the base, dashboard/assets/* under assets/. No data, no
// login, no external assets. Names are checked against a plain pattern, so no path leaves
// the assets folder.
import fs from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/config';
import { ApiError, sendError } from './http-io';

export const PAGE_DIR = path.join(PROJECT_ROOT, 'dashboard');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** A file name under assets/: segments of letters, digits, `.`, `_`, `-`, none starting with a dot. */
const ASSET_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** The page forbids what it does not use: scripts from its own origin only, no frames, no other site. */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

async function sendFile(res: http.ServerResponse, file: string, head: boolean): Promise<void> {
  const type = TYPES[path.extname(file).toLowerCase()];
  let body: Buffer;
  try {
    if (type === undefined) throw Object.assign(new Error('no type'), { code: 'ENOENT' });
    body = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR') throw err;
    sendError(res, new ApiError(404, 'not_found', `no file ${path.relative(PAGE_DIR, file)} in the dashboard's page`));
    return;
  }
  res.writeHead(200, { ...PAGE_HEADERS, 'content-type': type, 'content-length': body.length, 'cache-control': 'no-cache' });
  res.end(head ? undefined : body);
}

/** `route`: the path below the dashboard's base (`''` for the page itself). Returns false when it is no page path. */
export async function servePage(res: http.ServerResponse, route: string, method: string): Promise<boolean> {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (route === '' || route === 'index.html') {
    await sendFile(res, path.join(PAGE_DIR, 'index.html'), method === 'HEAD');
    return true;
  }
  if (!route.startsWith('assets/')) return false;
  const name = route.slice('assets/'.length);
  if (!ASSET_PATH.test(name)) {
    sendError(res, new ApiError(404, 'not_found', `no file ${JSON.stringify(name)} in the dashboard's assets; names are letters, digits, ".", "_" and "-"`));
    return true;
  }
  await sendFile(res, path.join(PAGE_DIR, 'assets', name), method === 'HEAD');
  return true;
}
