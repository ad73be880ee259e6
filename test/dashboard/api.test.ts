// `after dashboard`'s API: the real `bin/after dashboard` as a child process against the
// embedded server (or, with AFTER_TEST_COUCH_URL, a real CouchDB 3.x), set up by the real
// `after setup --dashboard`. Sessions, overview, failures, search paging, the three actions.
import { expect } from 'chai';
import { connect } from '../../lib/db/connection';
import { statusCounts } from '../../lib/db/status-counts';
import { parseCouchUrl } from '../../lib/config/config';
import { taskWindowMs } from '../../lib/task/rules';
import { runAfter } from '../support/run-after';
import { startDashboard, type DashboardProcess } from '../support/dashboard-process';
import { TasksClient, type TaskBody } from '../support/tasks-client';
import { openTestCouch, type TestCouch } from '../support/test-couch';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { DashboardApi } from './api-client';

const WORKERS = ['w-a', 'w-b'];
const STATUSES = ['waiting', 'scheduled', 'done', 'error', 'canceled'];
const JOBS: unknown[] = ['alpha', { name: 'beta', arguments: [1] }, [{ name: 'alpha' }, { name: 'gamma' }]];
const BASE_MS = Date.parse('2030-01-01T00:00:00Z');
const TASKS = 60;
/** A user name no database has, for wrong logins (see the first test). */
const NOBODY = `dash-nobody-${Date.now()}`;

interface Task extends TaskBody {
  _id: string;
  worker: string;
  status: string;
  date: string;
  job: unknown;
}

/** The data set: every worker, status and job, dates with ties (13 distinct minutes), failures with their time, runs with their due date. */
function makeTasks(): Task[] {
  return Array.from({ length: TASKS }, (_, i) => {
    const status = STATUSES[i % STATUSES.length];
    const task: Task = {
      _id: `t${String(i).padStart(3, '0')}`,
      worker: WORKERS[i % 2],
      status,
      date: new Date(BASE_MS + (i % 13) * 60_000).toISOString(),
      job: JOBS[i % 3],
    };
    if (status === 'error') Object.assign(task, { error: { message: `failed ${i}`, at: new Date(BASE_MS + i * 1000).toISOString() }, attempts: 1, fails: 1 });
    if (status === 'done' || status === 'error') {
      task.history = [{ started_at: new Date(BASE_MS + i * 1000 + i * 10).toISOString(), due: new Date(BASE_MS + i * 1000).toISOString(), duration: 5, outcome: status, by: 'host/1/aaa' }];
    }
    return task;
  });
}

/** A `from`/`to` as the API reads it: epoch ms, or ISO 8601. */
const dateParam = (value: string): number => (/^\d+$/.test(value) ? Number(value) : Date.parse(value));

const jobNamesOf = (job: unknown): string[] => (typeof job === 'string' ? [job] : Array.isArray(job) ? job.map((step: { name: string }) => step.name) : [(job as { name: string }).name]);

describe('after dashboard: API (embedded server or CouchDB, real processes)', function () {
  this.timeout(120_000);
  let couch: TestCouch;
  let db: string;
  let dir: string;
  let client: TasksClient;
  let dashboard: DashboardProcess;
  let api: DashboardApi;
  let admin: { login: string; password: string };
  const tasks = makeTasks();
  const nowMs = Date.now();

  before(async () => {
    dir = makeTempDir('after-dashboard-api-');
    couch = await openTestCouch();
    db = await couch.newDatabase('dash-api');
    const setup = await runAfter(['setup', '--config', couch.writeConfig(dir, db, dir), '--dashboard']);
    expect(setup.code, setup.stderr).to.equal(0);
    expect(setup.stdout).to.match(/design document _design\/after-dashboard: installed/);
    client = new TasksClient(couch.url, db);
    await client.postMany(tasks);
    // Due within the hour: one overdue, one in 10 minutes; one in 2 hours is not.
    await client.postMany([
      { _id: 'due-overdue', worker: 'w-a', status: 'waiting', date: new Date(nowMs - 60_000).toISOString(), job: 'alpha' },
      { _id: 'due-soon', worker: 'w-b', status: 'waiting', date: new Date(nowMs + 600_000).toISOString(), job: 'alpha' },
      { _id: 'due-later', worker: 'w-b', status: 'waiting', date: new Date(nowMs + 7_200_000).toISOString(), job: 'alpha' },
      { _id: 'after-process:w-a:host/1/live', after_process: { worker: 'w-a', id: 'host/1/live', started_at: new Date(nowMs).toISOString(), until: new Date(nowMs + 600_000).toISOString() } },
      { _id: 'after-process:w-b:host/2/gone', after_process: { worker: 'w-b', id: 'host/2/gone', started_at: new Date(nowMs - 600_000).toISOString(), until: new Date(nowMs - 300_000).toISOString() } },
    ]);
    tasks.push(
      { _id: 'due-overdue', worker: 'w-a', status: 'waiting', date: new Date(nowMs - 60_000).toISOString(), job: 'alpha' },
      { _id: 'due-soon', worker: 'w-b', status: 'waiting', date: new Date(nowMs + 600_000).toISOString(), job: 'alpha' },
      { _id: 'due-later', worker: 'w-b', status: 'waiting', date: new Date(nowMs + 7_200_000).toISOString(), job: 'alpha' },
    );
    const parsed = parseCouchUrl(couch.url, 'test url');
    admin = { login: parsed.login, password: parsed.password };
    // Started with the admin's URL: the dashboard must not use those credentials for anyone.
    dashboard = await startDashboard(['--couch', couch.url, '--db', db]);
    api = new DashboardApi(dashboard.url);
  });

  after(async () => {
    await dashboard?.stop();
    await couch?.close();
    if (dir) removeTempDir(dir);
  });

  it('serves the page without a login, and answers 401 to every API route without a session', async () => {
    expect((await api.request('GET', '/', undefined, null)).status).to.equal(200);
    const routes: Array<[string, string]> = [
      ['GET', '/api/session'], ['GET', '/api/overview'], ['GET', '/api/events'], ['GET', '/api/failures'], ['GET', '/api/search?worker=w-a'],
      ['GET', '/api/tasks/t000'], ['POST', '/api/tasks/t000/cancel'], ['POST', '/api/tasks/t000/retry'], ['POST', '/api/tasks/t000/reschedule'],
      ['GET', '/api/nothing'], ['GET', `/api/_all_docs`],
    ];
    // Never the admin's name with a wrong secret: CouchDB 3.4+ locks an account out (for everyone
    // on this address, minutes long) after a few failed authentications.
    for (const cookie of [null, 'AuthSession=forged', `AuthSession=${Buffer.from(`${NOBODY}:6B136000:`).toString('base64url')}tpbRr5WPjSK8KP4z7uAQXexk8Cx`]) {
      for (const [method, path] of routes) {
        const answer = await api.request(method, path, method === 'POST' ? { date: '2031-01-01' } : undefined, cookie);
        expect(answer.status, `${method} ${path} with ${cookie}`).to.equal(401);
        expect(answer.json).to.include({ error: 'unauthorized' });
        expect(answer.json.reason).to.match(/log in first/);
      }
    }
    // Nothing was changed by those anonymous actions.
    expect((await client.get('t000')).status).to.equal('waiting');
  });

  it('logs in with the database\'s user: refuses a wrong password, relays the session cookie, logs out', async () => {
    const wrong = await api.request('POST', '/api/session', { name: NOBODY, password: 'wrong' }, null);
    expect(wrong.status).to.equal(401);
    expect(wrong.headers.get('set-cookie')).to.equal(null);
    expect((await api.request('POST', '/api/session', { name: admin.login }, null)).json.reason).to.match(/password must be a non-empty string/);
    expect((await api.request('POST', '/api/session', 'not json', null)).status).to.equal(400);

    const login = await api.logIn(admin.login, admin.password);
    expect(login.status).to.equal(200);
    expect(login.json.name).to.equal(admin.login);
    expect(login.json.roles).to.include('_admin');
    const cookie = login.headers.getSetCookie().find((line) => line.startsWith('AuthSession='));
    expect(cookie).to.match(/; Path=\/; HttpOnly; SameSite=Strict/);
    expect((await api.get('/api/session')).json).to.deep.equal(login.json);

    const other = new DashboardApi(dashboard.url);
    await other.logIn(admin.login, admin.password);
    const logout = await other.request('DELETE', '/api/session');
    expect(logout.status).to.equal(200);
    expect(logout.headers.get('set-cookie')).to.match(/^AuthSession=; Path=\/; .*Max-Age=0/);
    expect(dashboard.output()).to.not.include(`${admin.login}:${admin.password}`);
    expect(dashboard.output()).to.match(/^After dashboard listening on http:\/\/127\.0\.0\.1:\d+\/ \(database http:\/\/127\.0\.0\.1:\d+\/dash-api_\w+\)\n$/);
  });

  it('overview: counts equal the by_worker_status view; live processes; due within the hour; lateness of the last runs', async () => {
    const answer = await api.get('/api/overview');
    expect(answer.status, answer.text).to.equal(200);
    const { counts, processes, due, lateness } = answer.json;
    const database = connect({ ...parseCouchUrl(couch.url, 'test url'), db });
    expect(counts).to.deep.equal(await statusCounts(database));
    expect(counts['w-a'].waiting).to.equal(tasks.filter((task) => task.worker === 'w-a' && task.status === 'waiting').length);

    expect(Object.keys(processes)).to.deep.equal(['w-a']);
    expect(processes['w-a']).to.deep.equal([{ id: 'host/1/live', started_at: new Date(nowMs).toISOString(), until: new Date(nowMs + 600_000).toISOString(), running: 0 }]);

    expect(due.total).to.equal(2);
    expect(due.more).to.equal(false);
    expect(due.tasks.map((task: { _id: string }) => task._id)).to.deep.equal(['due-overdue', 'due-soon']);
    expect(due.tasks[0]).to.deep.equal({ _id: 'due-overdue', worker: 'w-a', status: 'waiting', date: new Date(nowMs - 60_000).toISOString(), job: 'alpha' });

    const runs = tasks.filter((task) => Array.isArray(task.history));
    const late = runs.map((task) => Number(task._id.slice(1)) * 10).sort((a, b) => a - b);
    expect(lateness.count).to.equal(runs.length);
    expect(lateness.p50).to.equal(late[Math.ceil(0.5 * late.length) - 1]);
    expect(lateness.p99).to.equal(late[late.length - 1]);
    expect(lateness.samples[0]).to.deep.equal({ at: (runs[runs.length - 1].history as Array<{ started_at: string }>)[0].started_at, late_ms: late[late.length - 1] });
  });

  it('failures: the error tasks, latest failure first, with their error, counts and history, paged without repeats or gaps', async () => {
    const { rows, pages } = await api.allPages<Record<string, unknown>>('/api/failures', 3);
    const failed = tasks.filter((task) => task.status === 'error').sort((a, b) => Date.parse((b.error as { at: string }).at) - Date.parse((a.error as { at: string }).at));
    expect(rows.map((row) => row._id)).to.deep.equal(failed.map((task) => task._id));
    expect(pages).to.equal(Math.ceil(failed.length / 3));
    expect(rows[0]).to.deep.include({ worker: failed[0].worker, status: 'error', error: failed[0].error, attempts: 1, fails: 1, history: failed[0].history });
  });

  it('search: every filter combination pages through exactly the matching tasks, in date order', async () => {
    const fromMs = BASE_MS + 3 * 60_000;
    const toMs = BASE_MS + 8 * 60_000;
    const filters: Array<Record<string, string>> = [
      {}, { worker: 'w-a' }, { status: 'error' }, { worker: 'w-b', status: 'done' }, { job: 'alpha' }, { job: 'gamma', worker: 'w-a' },
      { job: 'alpha', status: 'waiting' }, { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
      { worker: 'w-a', status: 'canceled', from: new Date(fromMs).toISOString() }, { job: 'beta', to: String(toMs) }, { worker: 'nobody' },
    ];
    for (const filter of filters) {
      const expected = tasks.filter((task) => (filter.worker === undefined || task.worker === filter.worker) &&
        (filter.status === undefined || task.status === filter.status) &&
        (filter.job === undefined || jobNamesOf(task.job).includes(filter.job)) &&
        (filter.from === undefined || Date.parse(task.date) >= dateParam(filter.from)) &&
        (filter.to === undefined || Date.parse(task.date) <= dateParam(filter.to)))
        .sort((a, b) => (taskWindowMs(a) as number) - (taskWindowMs(b) as number) || (a._id < b._id ? -1 : 1));
      const query = new URLSearchParams(filter).toString();
      const { rows } = await api.allPages<{ _id: string }>(`/api/search?${query}`, 4);
      expect(rows.map((row) => row._id), query).to.deep.equal(expected.map((task) => task._id));
    }
    const first = await api.get('/api/search?job=alpha&worker=w-b&limit=1');
    expect(first.json.rows[0]).to.have.keys('_id', 'worker', 'status', 'date', 'job');
    const chain = (await api.get('/api/search?job=gamma&limit=1')).json.rows[0];
    expect(chain.job).to.equal('alpha > gamma');
  });

  it('search and failures refuse a bad limit, date or cursor with a clear message', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/search?limit=0', /limit "0" is not a page size; use a whole number from 1 to 100/],
      ['/api/search?limit=x', /limit "x"/],
      ['/api/failures?limit=101', /limit "101"/],
      ['/api/search?from=yesterday', /from "yesterday" is not a date; use ISO 8601/],
      ['/api/search?from=2030-02-01&to=2030-01-01', /from \(2030-02-01\) is after to \(2030-01-01\)/],
      ['/api/search?cursor=nonsense', /cursor is not one this list gave/],
      ['/api/failures?cursor=WyJ4Il0', /cursor is not one this list gave/],
    ];
    for (const [path, reason] of cases) {
      const answer = await api.get(path);
      expect(answer.status, path).to.equal(400);
      expect(answer.json.error).to.equal('bad_request');
      expect(answer.json.reason, path).to.match(reason);
    }
    // A cursor of one search is refused by another.
    const next = (await api.get('/api/search?worker=w-a&limit=2')).json.next as string;
    expect((await api.get(`/api/search?worker=w-b&cursor=${next}`)).status).to.equal(400);
    expect((await api.get('/api/nothing')).status).to.equal(404);
    expect((await api.post('/api/overview')).status).to.equal(405);
  });

  it('a task: its document; Cancel, Retry and Reschedule through the client, with its refusals as 400, 404 and 409', async () => {
    const got = await api.get('/api/tasks/t000');
    expect(got.status).to.equal(200);
    expect(got.json).to.deep.include({ _id: 't000', worker: 'w-a', status: 'waiting' });
    expect(got.json._rev).to.match(/^1-/);

    const canceled = await api.post('/api/tasks/t000/cancel');
    expect(canceled.status, canceled.text).to.equal(200);
    expect(canceled.json).to.include({ _id: 't000', status: 'cancel' });
    expect((await client.get('t000'))._rev).to.equal(canceled.json._rev);

    const doneCancel = await api.post('/api/tasks/t002/cancel');
    expect(doneCancel.status).to.equal(409);
    expect(doneCancel.json).to.deep.equal({ error: 'conflict', reason: 'task t002 has ended done: there is nothing to cancel (only a task that has not ended can be)' });

    const retried = await api.post('/api/tasks/t003/retry');
    expect(retried.status, retried.text).to.equal(200);
    expect(retried.json).to.include({ status: 'waiting', attempts: 0, fails: 0 });
    expect(Math.abs(Date.parse(retried.json.date) - Date.now())).to.be.below(60_000);
    const openRetry = await api.post('/api/tasks/t001/retry');
    expect(openRetry.status).to.equal(409);
    expect(openRetry.json.reason).to.equal('task t001 is scheduled; retry runs again a task that ended error or canceled: it has not ended');

    const rescheduled = await api.post('/api/tasks/t001/reschedule', { date: '2031-06-01T12:00:00Z' });
    expect(rescheduled.status, rescheduled.text).to.equal(200);
    expect(rescheduled.json).to.include({ status: 'reschedule', date: '2031-06-01T12:00:00Z' });
    const badDate = await api.post('/api/tasks/t001/reschedule', { date: 'next tuesday' });
    expect(badDate.status).to.equal(400);
    expect(badDate.json.reason).to.match(/^date 'next tuesday' is not ISO 8601/);
    const noDate = await api.post('/api/tasks/t001/reschedule', {});
    expect(noDate.status).to.equal(400);
    expect(noDate.json.reason).to.match(/reschedule takes \{"date": \.\.\.\}/);

    for (const path of ['/api/tasks/missing', '/api/tasks/missing/cancel', '/api/tasks/missing/retry']) {
      const answer = path.endsWith('missing') ? await api.get(path) : await api.post(path);
      expect(answer.status, path).to.equal(404);
      expect(answer.json.reason).to.match(/^no task 'missing' in database http:\/\/127\.0\.0\.1:\d+\//);
      expect(answer.json.reason).to.not.include(admin.password);
    }
    expect((await api.post('/api/tasks/t001/delete')).status).to.equal(404);
    expect((await api.get('/api/tasks/t001/cancel')).status).to.equal(405);
  });

  it('shows a document of any shape without failing', async () => {
    await client.post({ _id: 'odd', worker: 'w-odd', date: { not: 'a date' }, job: [null, 3, { name: 7 }], status: ['x'], history: 'none' });
    // A cluster's views may answer from a copy the write has not reached yet: ask until it has.
    let found = await api.get('/api/search?worker=w-odd');
    for (let tries = 0; found.status === 200 && found.json.rows.length === 0 && tries < 100; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      found = await api.get('/api/search?worker=w-odd');
    }
    expect(found.status, found.text).to.equal(200);
    expect(found.json.rows).to.deep.equal([{ _id: 'odd', worker: 'w-odd', status: ['x'], date: { not: 'a date' }, job: '? > ? > ?' }]);
    expect((await api.get('/api/overview')).status).to.equal(200);
    expect((await api.get('/api/tasks/odd')).json.job).to.deep.equal([null, 3, { name: 7 }]);
  });
});
