// The tasks database as one person sees it: a nano client of its own for each request, which
// sends that person's AuthSession cookie and no other credentials. CouchDB checks their
// rights on every read and write, as it would for Fauxton.
import nano from 'nano';
import type { TasksDatabase } from '../db/connection';
import type { TaskDoc } from '../task/types';
import { SESSION_COOKIE } from './couch-session';

/** Where the dashboard's database is: a server URL without credentials and the database's name. */
export interface DashboardTarget {
  /** e.g. http://127.0.0.1:5984, never with a user or password. */
  couchUrl: string;
  db: string;
}

export function sessionDatabase(target: DashboardTarget, cookie: string): TasksDatabase {
  const server = nano({ url: target.couchUrl, cookie: `${SESSION_COOKIE}=${cookie}` });
  return { server, db: server.use<TaskDoc>(target.db), name: target.db, where: `${target.couchUrl}/${target.db}` };
}

/**
 * CouchDB renews a session cookie it sees past a tenth of its life (a Set-Cookie on any
 * answer); nano keeps it in its jar. The renewed value, to hand on to the browser, or null.
 */
export function renewedCookie(database: TasksDatabase, sent: string): string | null {
  const jar = (database.server.config as { cookieJar?: { getCookieString(url: string): string } }).cookieJar;
  const match = /(?:^|;\s*)AuthSession=([^;]+)/.exec(jar?.getCookieString(database.server.config.url) ?? '');
  return match && match[1] !== sent ? match[1] : null;
}
