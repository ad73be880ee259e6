// The dashboard served by the embedded server itself at /_after/ (`after db`), so that a demo
// needs one port: same API, the session cookie scoped to /_after/, the CouchDB API untouched.
import { expect } from 'chai';
import { couchRequest } from '../support/couch-request';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';
import { runAfter } from '../support/run-after';
import { TasksClient } from '../support/tasks-client';
import { DashboardApi, EventStream } from './api-client';

describe('after db: the dashboard at /_after/ on the embedded server\'s port (real process)', function () {
  this.timeout(120_000);
  let server: EmbeddedDb;
  let api: DashboardApi;
  const streams: EventStream[] = [];

  before(async () => {
    server = await startEmbeddedDb();
    const setup = await runAfter(['setup', '--config', server.configFile]);
    expect(setup.code, setup.stderr).to.equal(0);
    api = new DashboardApi(`${server.plainUrl}/_after/`);
    await new TasksClient(server.url, server.db).postMany([
      { _id: 'e1', worker: 'emb', date: '2030-01-01T00:00:00Z', job: 'a' },
      { _id: 'e2', worker: 'emb', date: '2030-01-01T00:00:00Z', job: 'a', status: 'error', error: { message: 'x', at: '2030-01-01T00:00:01Z' } },
    ]);
  });

  after(async () => {
    for (const stream of streams) stream.close();
    await server?.stop();
  });

  it('says where the dashboard is, serves its page, and sends /_after to /_after/', async () => {
    expect(server.output()).to.match(new RegExp(`After dashboard at http://127\\.0\\.0\\.1:${server.port}/_after/\\n`));
    const page = await couchRequest(server.plainUrl, 'GET', '/_after/');
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    const bare = await couchRequest(server.plainUrl, 'GET', '/_after?x=1');
    expect(bare.status).to.equal(301);
    expect(bare.headers.get('location')).to.equal('/_after/?x=1');
    expect((await couchRequest(server.plainUrl, 'GET', '/_after/assets/nothing.js')).status).to.equal(404);
  });

  it('answers 401 without a session, logs in with the server\'s admin, and serves the API below /_after/', async () => {
    for (const path of ['/api/overview', '/api/failures', '/api/search', '/api/tasks/e1', '/api/session']) {
      expect((await api.get(path)).status, path).to.equal(401);
    }
    const login = await api.logIn(server.login, server.password);
    expect(login.status, login.text).to.equal(200);
    expect(login.headers.getSetCookie()[0]).to.match(/^AuthSession=[^;]+; Path=\/_after\/; HttpOnly; SameSite=Strict/);
    const overview = await api.get('/api/overview');
    expect(overview.status, overview.text).to.equal(200);
    expect(overview.json.counts).to.deep.equal({ emb: { waiting: 1, error: 1 } });
    expect((await api.get('/api/failures')).json.rows.map((row: { _id: string }) => row._id)).to.deep.equal(['e2']);
    const stream = await EventStream.open(api);
    streams.push(stream);
    await stream.waitFor((event) => event.event === 'counts');
    const canceled = await api.post('/api/tasks/e1/cancel');
    expect(canceled.json.status).to.equal('cancel');
    await stream.waitFor((event) => event.event === 'counts' && JSON.parse(event.data).counts.emb.cancel === 1);
  });

  it('leaves the CouchDB API as it was', async () => {
    expect((await couchRequest(server.plainUrl, 'GET', `/${server.db}/e1`)).status).to.equal(401);
    expect((await couchRequest(server.plainUrl, 'GET', `/${server.db}/e1`, { auth: `${server.login}:${server.password}` })).json.status).to.equal('cancel');
    expect((await couchRequest(server.plainUrl, 'GET', '/_up')).status).to.equal(200);
  });
});
