// CouchDB's own sessions (`/_session`), which the dashboard relays: people log in with the
// database's users, CouchDB issues the AuthSession cookie, the browser keeps it, and the
// dashboard sends it back with each of its requests. The dashboard keeps no credentials:
// a password passes through to CouchDB once, at login, and the cookie lives in the browser.
// CouchDB 3.5 and the embedded server answer the same way (JSON body, AuthSession cookie).

/** Who a session belongs to, as CouchDB's userCtx says. */
export interface SessionUser {
  name: string;
  roles: string[];
}

export const SESSION_COOKIE = 'AuthSession';

/** A new session: the AuthSession value CouchDB issued, and how many seconds it lasts (null when CouchDB gives none). */
export interface IssuedSession {
  user: SessionUser;
  cookie: string;
  maxAgeSeconds: number | null;
}

/** A request to CouchDB could not be made or was answered with a server error. */
export class CouchUnreachableError extends Error {
  override name = 'CouchUnreachableError';
}

/** The AuthSession value and Max-Age of a Set-Cookie header list, or null when none sets a non-empty one. */
export function issuedCookie(setCookies: string[]): { value: string; maxAgeSeconds: number | null } | null {
  for (const header of setCookies) {
    const match = /^\s*AuthSession=([^;]*)/.exec(header);
    if (!match || match[1] === '') continue;
    const maxAge = /;\s*Max-Age=(\d+)/i.exec(header);
    return { value: match[1], maxAgeSeconds: maxAge ? Number(maxAge[1]) : null };
  }
  return null;
}

function userOf(body: unknown): SessionUser | null {
  const shape = body as { name?: unknown; roles?: unknown; userCtx?: { name?: unknown; roles?: unknown } } | null;
  const ctx = shape?.userCtx ?? shape;
  if (typeof ctx?.name !== 'string' || ctx.name === '') return null;
  return { name: ctx.name, roles: Array.isArray(ctx.roles) ? ctx.roles.filter((role): role is string => typeof role === 'string') : [] };
}

async function sessionRequest(couchUrl: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${couchUrl}/_session`, { ...init, redirect: 'manual' });
  } catch (err) {
    throw new CouchUnreachableError(`database server ${couchUrl} is unreachable: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
  }
  if (response.status >= 500) {
    await response.arrayBuffer();
    throw new CouchUnreachableError(`database server ${couchUrl} answered ${response.status} to /_session`);
  }
  return response;
}

/** Logs `name` in: the session CouchDB issued, or null when it refuses the name and password. */
export async function logIn(couchUrl: string, name: string, password: string): Promise<IssuedSession | null> {
  const response = await sessionRequest(couchUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = await response.json().catch(() => null) as unknown;
  if (response.status !== 200) return null;
  const user = userOf(body);
  const cookie = issuedCookie(response.headers.getSetCookie());
  if (user === null || cookie === null) return null;
  return { user, cookie: cookie.value, maxAgeSeconds: cookie.maxAgeSeconds };
}

/** Whose session the AuthSession value `cookie` is, or null when it is none (expired, forged, logged out). */
export async function sessionUser(couchUrl: string, cookie: string): Promise<SessionUser | null> {
  const response = await sessionRequest(couchUrl, {
    method: 'GET',
    headers: { accept: 'application/json', cookie: `${SESSION_COOKIE}=${cookie}` },
  });
  const body = await response.json().catch(() => null) as unknown;
  return response.status === 200 ? userOf(body) : null;
}
