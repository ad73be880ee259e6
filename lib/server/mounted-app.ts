// A plain node:http handler served under a path of the embedded server's port, ahead of the
// CouchDB API: how `after db` serves the dashboard at /_after/ (lib/cli/commands/db.ts passes
// it in). The server knows nothing of what it serves: a path and a (req, res) function.
import type http from 'node:http';
import type { RequestHandler } from 'express';

export interface MountedApp {
  /** e.g. `/_after`: the handler gets this path and every path below it, the URL untouched. */
  path: string;
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;
}

export function mountedApp(mount: MountedApp): RequestHandler {
  return (req, res, next) => {
    if (req.path === mount.path || req.path.startsWith(`${mount.path}/`)) mount.handler(req, res);
    else next();
  };
}
