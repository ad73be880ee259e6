// The dashboard's HTTP API (docs/DASHBOARD.md, "API") and its page, as one plain node:http
// handler under a base path: `/` for `after dashboard`, `/_after/` on the embedded server.
import type http from 'node:http';
import { tasksClient } from '../api/client';
import { logIn, sessionUser, SESSION_COOKIE, type SessionUser } from './couch-session';
import { apiErrorOf } from './database-failure';
import { failures } from './failures';
import { ApiError, cookieValue, readJsonObject, sendError, sendJson, unauthorized } from './http-io';
import { pageLimit } from './list-params';
import { LiveStreams, streamCounts } from './live-counts';
import { overview } from './overview';
import { search, searchQuery } from './search';
import { renewedCookie, sessionDatabase, type DashboardTarget } from './session-database';
import { servePage } from './static-files';
import { ViewsGate } from './views-gate';
import type { TasksDatabase } from '../db/connection';

export interface DashboardOptions {
  target: DashboardTarget;
  /** Where the dashboard is mounted: `/` or `/_after/` (with both slashes). */
  base: string;
  log: (line: string) => void;
}

export interface DashboardHandler {
  (req: http.IncomingMessage, res: http.ServerResponse): void;
  /** Ends the live streams (SSE) open, so that the server can close. */
  close(): void;
}

const ACTIONS = ['cancel', 'retry', 'reschedule'] as const;
type Action = typeof ACTIONS[number];

/** A signed-in request: the person, and the database as they see it. */
interface Session {
  user: SessionUser;
  cookie: string;
  database: TasksDatabase;
}

function sessionCookie(base: string, value: string, maxAgeSeconds: number | null): string {
  const age = maxAgeSeconds === null ? '' : `; Max-Age=${maxAgeSeconds}`;
  return `${SESSION_COOKIE}=${value}; Path=${base}; HttpOnly; SameSite=Strict${age}`;
}

function methodNotAllowed(method: string, route: string, allowed: string): ApiError {
  return new ApiError(405, 'method_not_allowed', `${method} /${route} is not supported; use ${allowed}`);
}

function textField(body: Record<string, unknown>, name: string, example: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new ApiError(400, 'bad_request', `${name} must be a non-empty string, as in ${example}`);
  return value;
}

export function dashboardHandler(options: DashboardOptions): DashboardHandler {
  const { target, base, log } = options;
  const streams = new LiveStreams();
  const views = new ViewsGate(log);

  async function sessionApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (method === 'POST') {
      const body = await readJsonObject(req);
      const example = '{"name": "alice", "password": "..."}';
      const issued = await logIn(target.couchUrl, textField(body, 'name', example), textField(body, 'password', example));
      if (issued === null) throw new ApiError(401, 'unauthorized', 'the database refused this name and password; use those of a user of the database');
      sendJson(res, 200, issued.user, { 'set-cookie': sessionCookie(base, issued.cookie, issued.maxAgeSeconds) });
      return;
    }
    if (method === 'DELETE') {
      sendJson(res, 200, { ok: true }, { 'set-cookie': `${SESSION_COOKIE}=; Path=${base}; HttpOnly; SameSite=Strict; Max-Age=0` });
      return;
    }
    if (method !== 'GET') throw methodNotAllowed(method, 'api/session', 'GET, POST or DELETE');
    const cookie = cookieValue(req, SESSION_COOKIE);
    const user = cookie === null ? null : await sessionUser(target.couchUrl, cookie);
    if (user === null) throw unauthorized();
    sendJson(res, 200, user);
  }

  async function signedIn(req: http.IncomingMessage): Promise<Session> {
    const cookie = cookieValue(req, SESSION_COOKIE);
    const user = cookie === null ? null : await sessionUser(target.couchUrl, cookie);
    if (cookie === null || user === null) throw unauthorized();
    return { user, cookie, database: sessionDatabase(target, cookie) };
  }

  /** The answer of a data route, or undefined when it answered itself (the event stream). */
  async function dataApi(req: http.IncomingMessage, res: http.ServerResponse, route: string, params: URLSearchParams, session: Session): Promise<unknown> {
    const method = req.method ?? 'GET';
    const { database, user } = session;
    if (route === 'api/overview' || route === 'api/failures' || route === 'api/search' || route === 'api/events') {
      if (method !== 'GET') throw methodNotAllowed(method, route, 'GET');
      if (route === 'api/events') {
        streamCounts(req, res, database, streams, {
          log,
          sessionValid: async () => (await sessionUser(target.couchUrl, session.cookie)) !== null,
        });
        return undefined;
      }
      // The parameters are checked before anything is read.
      if (route === 'api/overview') {
        await views.ensure(database, user.name);
        return overview(database);
      }
      if (route === 'api/failures') {
        const limit = pageLimit(params.get('limit'));
        await views.ensure(database, user.name);
        return failures(database, limit, params.get('cursor') || null);
      }
      const query = searchQuery(params);
      await views.ensure(database, user.name);
      return search(database, query);
    }
    if (route.startsWith('api/tasks/')) {
      const [encodedId, action, ...rest] = route.slice('api/tasks/'.length).split('/');
      const id = decodeTaskId(encodedId);
      const client = tasksClient(database);
      if (action === undefined) {
        if (method !== 'GET') throw methodNotAllowed(method, route, 'GET');
        return client.get(id);
      }
      if (rest.length > 0 || !(ACTIONS as readonly string[]).includes(action)) {
        throw new ApiError(404, 'not_found', `no route /${route}; a task's actions are POST api/tasks/<id>/cancel, retry and reschedule`);
      }
      if (method !== 'POST') throw methodNotAllowed(method, route, 'POST');
      switch (action as Action) {
        case 'cancel': return client.cancel(id);
        case 'retry': return client.retry(id);
        case 'reschedule': {
          const body = await readJsonObject(req);
          const date = body.date;
          if (typeof date !== 'string' && typeof date !== 'number') {
            throw new ApiError(400, 'bad_request', `reschedule takes {"date": ...}: an ISO 8601 date such as "2026-01-31T10:00:00Z" or epoch milliseconds, not ${JSON.stringify(date) ?? 'nothing'}`);
          }
          return client.reschedule(id, date);
        }
      }
    }
    throw new ApiError(404, 'not_found', `no route /${route}; the API is api/session, api/overview, api/events, api/failures, api/search and api/tasks/<id>`);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    if (url.pathname === base.slice(0, -1) && base !== '/') {
      res.writeHead(301, { location: `${base}${url.search}` });
      res.end();
      return;
    }
    if (!url.pathname.startsWith(base)) throw new ApiError(404, 'not_found', `no page ${url.pathname}; the dashboard is at ${base}`);
    const route = url.pathname.slice(base.length);
    if (route === 'api/session') return sessionApi(req, res);
    if (route === 'api' || route.startsWith('api/')) {
      const session = await signedIn(req);
      const answer = await dataApi(req, res, route, url.searchParams, session);
      if (answer === undefined) return;
      const renewed = renewedCookie(session.database, session.cookie);
      sendJson(res, 200, answer, renewed === null ? {} : { 'set-cookie': sessionCookie(base, renewed, null) });
      return;
    }
    if (await servePage(res, route, req.method ?? 'GET')) return;
    throw new ApiError(404, 'not_found', `no page /${route} in the dashboard; the page is at ${base}`);
  }

  const handler = ((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const problem = apiErrorOf(err);
      if (problem.status >= 500) log(`${req.method} ${req.url?.split('?')[0]}: ${problem.message}`);
      if (res.headersSent) {
        res.end();
        return;
      }
      sendError(res, problem);
    });
  }) as DashboardHandler;
  handler.close = () => streams.endAll();
  return handler;
}

function decodeTaskId(encoded: string): string {
  let id: string;
  try {
    id = decodeURIComponent(encoded);
  } catch {
    id = '';
  }
  if (id === '') throw new ApiError(400, 'bad_request', 'a task id is a non-empty string, URI-encoded (encodeURIComponent) in the path');
  return id;
}
