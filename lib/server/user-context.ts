// Who is asking: express-pouchdb's authentication middleware puts the CouchDB session on the request.
import type { Request } from 'express';
import type { UserContext } from 'express-pouchdb';

export type { UserContext };

const ANONYMOUS: UserContext = { name: null, roles: [] };

export function userContextOf(req: Request): UserContext {
  const session = (req as Request & { couchSession?: { userCtx?: UserContext } }).couchSession;
  return session?.userCtx ?? ANONYMOUS;
}

export function isServerAdmin(user: UserContext): boolean {
  // An anonymous _admin is express-pouchdb's "admin party": never honoured here.
  return user.name !== null && user.roles.includes('_admin');
}
