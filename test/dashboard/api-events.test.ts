// `after dashboard`'s live counts (GET api/events): Server-Sent Events that follow the
// database's _changes with the person's session, against the embedded server or CouchDB.
import { expect } from 'chai';
import { parseCouchUrl } from '../../lib/config/config';
import { couchRequest } from '../support/couch-request';
import { runAfter } from '../support/run-after';
import { startDashboard, type DashboardProcess } from '../support/dashboard-process';
import { TasksClient } from '../support/tasks-client';
import { openTestCouch, type TestCouch } from '../support/test-couch';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { DashboardApi, EventStream } from './api-client';

describe('after dashboard: live counts (embedded server or CouchDB, real processes)', function () {
  this.timeout(120_000);
  let couch: TestCouch;
  let db: string;
  let dir: string;
  let client: TasksClient;
  let dashboard: DashboardProcess;
  let api: DashboardApi;
  const streams: EventStream[] = [];
  let admin: { login: string; password: string };

  before(async () => {
    dir = makeTempDir('after-dashboard-events-');
    couch = await openTestCouch();
    db = await couch.newDatabase('dash-events');
    const setup = await runAfter(['setup', '--config', couch.writeConfig(dir, db, dir)]);
    expect(setup.code, setup.stderr).to.equal(0);
    client = new TasksClient(couch.url, db);
    await client.post({ _id: 'first', worker: 'live', date: '2030-01-01T00:00:00Z', job: 'a' });
    dashboard = await startDashboard(['--couch', couch.url, '--db', db]);
    api = new DashboardApi(dashboard.url);
    admin = parseCouchUrl(couch.url, 'test url');
    expect((await api.logIn(admin.login, admin.password)).status).to.equal(200);
  });

  after(async () => {
    for (const stream of streams) stream.close();
    await dashboard?.stop();
    await couch?.close();
    if (dir) removeTempDir(dir);
  });

  it('refuses a stream without a session', async () => {
    const anonymous = await EventStream.open(new DashboardApi(dashboard.url));
    streams.push(anonymous);
    expect(anonymous.status).to.equal(401);
  });

  it('sends the counts at once, then again when tasks are written, coalesced to at most one event a second', async () => {
    const stream = await EventStream.open(api);
    streams.push(stream);
    expect(stream.status).to.equal(200);
    const first = await stream.waitFor((event) => event.event === 'counts');
    expect(JSON.parse(first.data)).to.deep.equal({ counts: { live: { waiting: 1 } } });

    const seen = stream.events.length;
    const writtenAt = Date.now();
    await client.postMany(Array.from({ length: 30 }, (_, i) => ({ worker: 'live', date: '2030-01-01T00:00:00Z', job: 'a', status: i < 10 ? 'error' : 'waiting' })));
    const expected = JSON.stringify({ counts: { live: { error: 10, waiting: 21 } } });
    const changed = await stream.waitFor((event) => event.event === 'counts' && event.data === expected, seen);
    expect(JSON.parse(changed.data)).to.deep.equal({ counts: { live: { error: 10, waiting: 21 } } });
    expect(Date.now() - writtenAt).to.be.below(10_000);

    // A burst of single writes: counts events keep at least a second apart.
    const burstFrom = stream.events.length;
    const burstStart = Date.now();
    for (let i = 0; i < 20; i += 1) await client.post({ worker: 'live', date: '2030-01-01T00:00:00Z', job: 'a', status: 'done' });
    await stream.waitFor((event) => event.event === 'counts' && JSON.parse(event.data).counts.live.done === 20, burstFrom);
    const events = stream.events.slice(burstFrom).filter((event) => event.event === 'counts').length;
    expect(events).to.be.at.most(Math.ceil((Date.now() - burstStart) / 1000) + 1);
  });

  it('stops following _changes when the browser goes: the dashboard keeps serving, and a new stream starts afresh', async () => {
    // The embedded server counts the _changes requests it holds open (CouchDB's stat of that
    // name notices a gone client only at its next write: not a measure of when it left).
    const feedsOpen = async (): Promise<number> => (await couchRequest(couch.url.replace(/\/\/[^@]*@/, '//'), 'GET', '/_node/_local/_stats/couchdb/httpd/clients_requesting_changes', { auth: `${admin.login}:${admin.password}` })).json.value;
    const waitForFeeds = async (count: number): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while ((await feedsOpen()) !== count) {
        if (Date.now() > deadline) throw new Error(`the server holds ${await feedsOpen()} _changes requests, not ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const before = couch.embedded ? await feedsOpen() : 0;
    const stream = await EventStream.open(api);
    await stream.waitFor((event) => event.event === 'counts');
    if (couch.embedded) await waitForFeeds(before + 1);
    stream.close();
    if (couch.embedded) await waitForFeeds(before);
    const again = await EventStream.open(api);
    streams.push(again);
    const counts = JSON.parse((await again.waitFor((event) => event.event === 'counts')).data).counts;
    expect(counts.live.done).to.equal(20);
    expect((await api.get('/api/session')).status).to.equal(200);
  });
});
