// `after dashboard` with a user of the database who is no admin: CouchDB decides what they
// may read and write (the dashboard forwards their session, nothing else); who installs the
// dashboard's views; a session that ends ends the live stream.
import { expect } from 'chai';
import crypto from 'node:crypto';
import { parseCouchUrl } from '../../lib/config/config';
import { couchRequest } from '../support/couch-request';
import { runAfter } from '../support/run-after';
import { startDashboard, type DashboardProcess } from '../support/dashboard-process';
import { TasksClient } from '../support/tasks-client';
import { openTestCouch, type TestCouch } from '../support/test-couch';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { DashboardApi, EventStream } from './api-client';

/** The session timeout (s) set for the renewal test: short, so that a cookie outlives it only by renewal. */
const SHORT_TIMEOUT_S = 6;

describe('after dashboard: a database user who is no admin (embedded server or CouchDB, real processes)', function () {
  this.timeout(120_000);
  let couch: TestCouch;
  let couchUrl: string;
  let db: string;
  let dir: string;
  let dashboard: DashboardProcess;
  let adminAuth: string;
  const reader = { name: `dash-reader-${crypto.randomBytes(4).toString('hex')}`, password: crypto.randomBytes(8).toString('hex') };
  const userDoc = `/_users/org.couchdb.user:${reader.name}`;
  const streams: EventStream[] = [];

  before(async () => {
    dir = makeTempDir('after-dashboard-rights-');
    couch = await openTestCouch();
    const { login, password } = parseCouchUrl(couch.url, 'test url');
    adminAuth = `${login}:${password}`;
    couchUrl = couch.url.replace(/\/\/[^@]*@/, '//');
    db = await couch.newDatabase('dash-rights');
    const setup = await runAfter(['setup', '--config', couch.writeConfig(dir, db, dir)]);
    expect(setup.code, setup.stderr).to.equal(0);
    await couchRequest(couchUrl, 'PUT', '/_users', { auth: adminAuth }); // 412 when it exists
    const created = await couchRequest(couchUrl, 'PUT', userDoc, { auth: adminAuth, body: { name: reader.name, password: reader.password, roles: [], type: 'user' } });
    expect(created.status, created.text).to.be.oneOf([201, 202]);
    await new TasksClient(couch.url, db).postMany([
      { _id: 'r1', worker: 'rights', date: '2030-01-01T00:00:00Z', job: 'a' },
      { _id: 'r2', worker: 'rights', date: '2030-01-01T00:00:00Z', job: 'a', status: 'error', error: { message: 'no', at: '2030-01-01T00:00:01Z' } },
    ]);
    dashboard = await startDashboard(['--couch', couch.url, '--db', db]);
  });

  after(async () => {
    for (const stream of streams) stream.close();
    await dashboard?.stop();
    const stored = await couchRequest(couchUrl, 'GET', userDoc, { auth: adminAuth });
    if (stored.status === 200) await couchRequest(couchUrl, 'DELETE', `${userDoc}?rev=${stored.json._rev}`, { auth: adminAuth });
    await couch?.close();
    if (dir) removeTempDir(dir);
  });

  it('a user who is no member of the database logs in, and CouchDB\'s refusal (403) is relayed', async () => {
    const api = new DashboardApi(dashboard.url);
    const wrong = await api.logIn(reader.name, `${reader.password}x`);
    expect(wrong.status).to.equal(401);
    expect(wrong.json.reason).to.equal('the database refused this name and password; use those of a user of the database');
    const login = await api.logIn(reader.name, reader.password);
    expect(login.status, login.text).to.equal(200);
    expect(login.json).to.deep.equal({ name: reader.name, roles: [] });
    for (const path of ['/api/overview', '/api/failures', '/api/tasks/r1']) {
      const answer = await api.get(path);
      expect(answer.status, `${path}: ${answer.text}`).to.equal(403);
      expect(answer.json.error).to.equal('forbidden');
    }
  });

  it('a member without admin rights is told how to get the views installed; an admin\'s login installs them', async () => {
    const security = await couchRequest(couchUrl, 'PUT', `/${db}/_security`, {
      auth: adminAuth, body: { admins: { names: [], roles: [] }, members: { names: [reader.name], roles: [] } },
    });
    expect(security.status, security.text).to.equal(200);
    const api = new DashboardApi(dashboard.url);
    await api.logIn(reader.name, reader.password);
    const missing = await api.get('/api/failures');
    expect(missing.status, missing.text).to.equal(503);
    expect(missing.json.error).to.equal('setup_needed');
    expect(missing.json.reason).to.include(`and ${reader.name} may not write design documents there; log in once as a database admin, or run \`after setup --dashboard\``);
    // Counts need no dashboard view, and the events stream works for the member at once.
    const stream = await EventStream.open(api);
    streams.push(stream);
    expect(JSON.parse((await stream.waitFor((event) => event.event === 'counts')).data).counts).to.deep.equal({ rights: { waiting: 1, error: 1 } });

    const admin = new DashboardApi(dashboard.url);
    const [login, password] = adminAuth.split(':');
    await admin.logIn(login, password);
    expect((await admin.get('/api/failures')).status).to.equal(200);
    const failures = await api.get('/api/failures');
    expect(failures.status, failures.text).to.equal(200);
    expect(failures.json.rows.map((row: { _id: string }) => row._id)).to.deep.equal(['r2']);
    const canceled = await api.post('/api/tasks/r1/cancel');
    expect(canceled.status, canceled.text).to.equal(200);
    expect(canceled.json.status).to.equal('cancel');
  });

  it('keeps a session past the server\'s session timeout by handing on the cookie the database renews', async () => {
    // A short timeout on every node given (a JSON string, as CouchDB's config API takes values): CouchDB 3 reads it from chttpd_auth, the embedded server
    // (express-pouchdb, which refuses a section it does not know) from couch_httpd_auth.
    const section = couch.embedded ? 'couch_httpd_auth' : 'chttpd_auth';
    const settings = couch.urls.map((url) => ({ url: url.replace(/\/\/[^@]*@/, '//'), path: `/_node/_local/_config/${section}/timeout` }));
    const before = await Promise.all(settings.map(({ url, path }) => couchRequest(url, 'GET', path, { auth: adminAuth })));
    try {
      for (const { url, path } of settings) {
        const set = await couchRequest(url, 'PUT', path, { auth: adminAuth, body: JSON.stringify(String(SHORT_TIMEOUT_S)) });
        expect(set.status, `${path}: ${set.text}`).to.equal(200);
      }
      const api = new DashboardApi(dashboard.url);
      const [login, password] = adminAuth.split(':');
      expect((await api.logIn(login, password)).status).to.equal(200);
      const first = api.cookie;
      const loggedInAt = Date.now();
      let renewals = 0;
      while (Date.now() - loggedInAt < SHORT_TIMEOUT_S * 1500) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const answer = await api.get('/api/overview');
        expect(answer.status, `${Date.now() - loggedInAt} ms after login: ${answer.text}`).to.equal(200);
        const renewed = answer.headers.getSetCookie().find((line) => line.startsWith('AuthSession='));
        if (renewed) {
          expect(renewed).to.include('HttpOnly').and.to.include('SameSite=Strict');
          api.cookie = renewed.split(';')[0];
          renewals += 1;
        }
      }
      expect(renewals, 'renewed cookies handed on').to.be.greaterThan(0);
      expect(api.cookie).not.to.equal(first);
      expect((await api.request('GET', '/api/overview', undefined, first)).status, 'the first cookie, past the timeout').to.equal(401);
    } finally {
      for (const [index, { url, path }] of settings.entries()) {
        if (before[index].status === 200) await couchRequest(url, 'PUT', path, { auth: adminAuth, body: JSON.stringify(before[index].json) });
        else await couchRequest(url, 'DELETE', path, { auth: adminAuth });
      }
    }
  });

  it('ends the live stream when the session no longer holds (the user\'s password changed)', async () => {
    const api = new DashboardApi(dashboard.url);
    await api.logIn(reader.name, reader.password);
    const stream = await EventStream.open(api);
    streams.push(stream);
    await stream.waitFor((event) => event.event === 'counts');
    const stored = await couchRequest(couchUrl, 'GET', userDoc, { auth: adminAuth });
    const changed = await couchRequest(couchUrl, 'PUT', userDoc, { auth: adminAuth, body: { ...stored.json, password: `${reader.password}2` } });
    expect(changed.status, changed.text).to.be.oneOf([201, 202]);
    // A cluster's nodes learn of the new password as the user's document reaches them.
    const known = Date.now() + 15_000;
    while ((await api.get('/api/session')).status !== 401 && Date.now() < known) await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await api.get('/api/session')).status).to.equal(401);
    // Checked with each keep-alive (15 s).
    const ended = await stream.waitFor((event) => event.event === 'problem', 0, 25_000);
    expect(JSON.parse(ended.data)).to.deep.equal({ error: 'unauthorized', reason: 'the session has ended; log in again' });
    const deadline = Date.now() + 5000;
    while (!stream.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.closed).to.equal(true);
  });
});
