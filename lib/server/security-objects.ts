// `_security` objects as CouchDB 3 writes and reads them.
import type PouchDB from 'pouchdb';
import { HttpError } from './errors';
import { isServerAdmin, type UserContext } from './user-context';

/** What CouchDB 3 gives a new database (`[couchdb] default_security = admin_only`). */
export function adminOnlySecurity(): PouchDB.SecurityObject {
  return { admins: { names: [], roles: ['_admin'] }, members: { names: [], roles: ['_admin'] } };
}

/** The tasks database: the configured admin (and server admins) only. */
export function tasksSecurity(adminLogin: string): PouchDB.SecurityObject {
  return { admins: { names: [adminLogin], roles: ['_admin'] }, members: { names: [adminLogin], roles: ['_admin'] } };
}

export function isEmptySecurity(security: PouchDB.SecurityObject): boolean {
  const sections = [security.admins, security.members];
  return sections.every((section) => (section?.names ?? []).length === 0 && (section?.roles ?? []).length === 0);
}

function listed(user: UserContext, section: PouchDB.SecurityObject['members']): boolean {
  return (section?.names ?? []).includes(user.name ?? '') || (section?.roles ?? []).some((role) => user.roles.includes(role));
}

/** Throws the 401/403 CouchDB 3 answers when `user` may not read a database with `security`. */
export function assertReader(user: UserContext, security: PouchDB.SecurityObject): void {
  if (isServerAdmin(user) || listed(user, security.admins)) return;
  const members = security.members ?? {};
  const open = (members.names ?? []).length === 0 && (members.roles ?? []).length === 0;
  if (open || listed(user, members)) return;
  if (user.name === null) throw new HttpError(401, 'unauthorized', 'You are not authorized to access this db.');
  throw new HttpError(403, 'forbidden', 'You are not allowed to access this db.');
}
