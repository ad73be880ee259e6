// Who may ask what, before any route runs. Never admin party: anonymous clients may only
// see the welcome, /_up, Fauxton's files and the session endpoint (to log in); everything
// else needs a valid user, and server-wide endpoints need a server admin (CouchDB 3 makes
// _all_dbs admin-only too).
import type { RequestHandler } from 'express';
import { HttpError } from './errors';
import { isServerAdmin, userContextOf } from './user-context';

function isAnonymousPath(method: string, path: string): boolean {
  if (path === '/_session') return true;
  if (method !== 'GET' && method !== 'HEAD') return false;
  return path === '/' || path === '/_up' || path === '/_utils' || path.startsWith('/_utils/');
}

const SERVER_ADMIN_PATHS = /^\/(_all_dbs|_config|_stats|_active_tasks|_log|_db_updates|_restart|_membership|_cluster_setup|_node)(\/|$)/;

export function accessPolicy(): RequestHandler {
  return (req, _res, next) => {
    const user = userContextOf(req);
    if (user.name === null && !isAnonymousPath(req.method, req.path)) {
      next(new HttpError(401, 'unauthorized', 'Authentication required.'));
      return;
    }
    if (SERVER_ADMIN_PATHS.test(req.path) && !isServerAdmin(user)) {
      next(new HttpError(401, 'unauthorized', 'You are not a server admin.'));
      return;
    }
    next();
  };
}
