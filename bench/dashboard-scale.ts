// The dashboard with many tasks (issue 15: "fast with 1,000,000 tasks"): loads N tasks of
// several workers, statuses and jobs into a database of its own, builds the indexes, then
// times the real `bin/after dashboard`'s answers over HTTP with a logged-in session, warm.
// With --chromium, also the overview drawn in Debian's Chromium (bench/support/page-timing.ts).
// The database is deleted at the end (unless --keep).
//
//   node dist/bench/dashboard-scale.js --couch http://admin:pw@127.0.0.1:5984 [--tasks 1000000] [--runs 5] [--chromium]
//   node dist/bench/dashboard-scale.js --tasks 100000          # the embedded server, started here
import crypto from 'node:crypto';
import { Command } from 'commander';
import { connect } from '../lib/db/connection';
import { bootstrap } from '../lib/db/bootstrap';
import { parseCouchUrl } from '../lib/config/config';
import { installDashboardViews } from '../lib/dashboard/install-views';
import { DASHBOARD_DESIGN, DASHBOARD_VIEWS } from '../lib/dashboard/design-doc';
import { VIEWS } from '../lib/db/design-doc';
import { startEmbeddedDb, type EmbeddedDb } from '../test/support/embedded-db';
import { startDashboard } from '../test/support/dashboard-process';
import { DashboardApi } from '../test/dashboard/api-client';
import { CouchClient } from './support/couch-client';
import { median } from './support/stats';
import { timeOverviewPage, type PageTimes } from './support/page-timing';
import { withoutPasswords } from './support/redact';

const WORKERS = 5;
const JOBS = ['billing', 'mail', 'resize', 'report'];
const DAY_MS = 86_400_000;
const BATCH = 2000;
const PARALLEL_POSTS = 2;

/** Task i: 45 % open (due over the next 30 days), 40 % done, 10 % error, 5 % canceled (over the last 30 days). */
function taskAt(i: number, nowMs: number): Record<string, unknown> {
  const slot = i % 20;
  const worker = `w${i % WORKERS}`;
  const job = i % 10 === 9 ? [{ name: 'fetch' }, { name: JOBS[i % JOBS.length] }] : { name: JOBS[i % JOBS.length], arguments: [i] };
  const spread = ((i * 7919) % (30 * 24 * 60)) * 60_000;
  if (slot < 9) return { worker, job, status: slot < 8 ? 'waiting' : 'scheduled', date: new Date(nowMs + spread).toISOString() };
  const dueMs = nowMs - spread;
  const lateMs = (i * 31) % 2000;
  const startedAt = new Date(dueMs + lateMs).toISOString();
  const finishedAt = new Date(dueMs + lateMs + 25).toISOString();
  const status = slot < 17 ? 'done' : slot < 19 ? 'error' : 'canceled';
  const run = { started_at: startedAt, due: new Date(dueMs).toISOString(), duration: 25, outcome: status === 'done' ? 'done' : 'error', by: `bench/${i % WORKERS}/x` };
  const doc: Record<string, unknown> = { worker, job, status, date: new Date(dueMs).toISOString() };
  if (status === 'canceled') return { ...doc, ended_at: finishedAt };
  Object.assign(doc, { runs: 1, attempts: 1, started_at: startedAt, finished_at: finishedAt, duration: 25, history: [run] });
  if (status === 'error') Object.assign(doc, { fails: 1, error: { message: `job failed on ${i}`, at: finishedAt } });
  return doc;
}

async function load(client: CouchClient, db: string, count: number, nowMs: number, progress: (line: string) => void): Promise<number> {
  const started = Date.now();
  let next = 0;
  const poster = async (): Promise<void> => {
    while (next < count) {
      const from = next;
      const to = Math.min(count, next + BATCH);
      next = to;
      const docs = [];
      for (let i = from; i < to; i += 1) docs.push(taskAt(i, nowMs));
      const rows = await client.json<Array<{ error?: string }>>('POST', `/${db}/_bulk_docs`, { docs });
      if (rows.some((row) => row.error)) throw new Error(`_bulk_docs refused a task: ${JSON.stringify(rows.find((row) => row.error))}`);
      if (Math.floor(to / 100_000) > Math.floor(from / 100_000)) progress(`  ${Math.floor(to / 100_000) * 100_000} tasks posted (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_POSTS }, poster));
  const heartbeats = Array.from({ length: WORKERS }, (_, n) => ({
    _id: `after-process:w${n}:bench/${n}/x`,
    after_process: { worker: `w${n}`, id: `bench/${n}/x`, started_at: new Date(nowMs).toISOString(), until: new Date(nowMs + 3_600_000).toISOString() },
  }));
  await client.json('POST', `/${db}/_bulk_docs`, { docs: heartbeats });
  return (Date.now() - started) / 1000;
}

interface Figure {
  what: string;
  median_ms: number;
  max_ms: number;
  rows?: number;
}

/** Times `request` `runs` times after one warm-up; `request` gives the answer's rows, if it has any. */
async function timed(what: string, runs: number, request: () => Promise<unknown>): Promise<Figure> {
  const rows = await request();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    await request();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return { what, median_ms: round(median(times)), max_ms: round(Math.max(...times)), ...(Array.isArray(rows) ? { rows: rows.length } : {}) };
}

/** Waits until `path` (a view query) answers: the index is then built. Returns the seconds taken. */
async function built(client: CouchClient, path: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      const answer = await client.request('GET', path, undefined, 240_000);
      if (answer.status === 200) return (Date.now() - started) / 1000;
      throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    } catch (err) {
      if (!(err instanceof Error) || (err.name !== 'TimeoutError' && !/fetch failed|timeout/i.test(err.message))) throw err;
    }
  }
}

async function main(): Promise<void> {
  const options = new Command('dashboard-scale')
    .option('--couch <url>', 'a CouchDB, http://admin:password@host:5984 (default: the embedded server, started here)')
    .option('--tasks <n>', 'how many tasks', (value) => Number(value.replace(/_/g, '')), 1_000_000)
    .option('--runs <n>', 'timed requests per measure', (value) => Number(value), 5)
    .option('--keep', 'keep the database')
    .option('--chromium', 'also time the overview drawn in Chromium (/usr/bin/chromium): after login, and after each reload')
    .parse(process.argv)
    .opts<{ couch?: string; tasks: number; runs: number; keep?: boolean; chromium?: boolean }>();
  const progress = (line: string): void => { process.stderr.write(`${new Date().toISOString()} ${withoutPasswords(line)}\n`); };
  let embedded: EmbeddedDb | null = null;
  if (!options.couch) embedded = await startEmbeddedDb();
  const url = options.couch ?? (embedded as EmbeddedDb).url;
  const client = new CouchClient(url);
  const db = `dash-scale-${crypto.randomBytes(3).toString('hex')}`;
  const { login, password } = parseCouchUrl(url, '--couch');
  const nowMs = Date.now();
  let dashboard: Awaited<ReturnType<typeof startDashboard>> | null = null;
  try {
    await client.json('PUT', `/${db}`);
    progress(`database ${db}: loading ${options.tasks} tasks`);
    const loadSeconds = await load(client, db, options.tasks, nowMs, progress);
    progress(`loaded in ${loadSeconds.toFixed(0)} s; installing the design documents and building the indexes`);
    const database = connect({ ...parseCouchUrl(url, '--couch'), db });
    await bootstrap(database);
    await installDashboardViews(database);
    const indexStart = Date.now();
    // Every view: CouchDB builds a design document's views together, the embedded server each
    // view when it is first queried.
    const allBuilt = async (designDoc: string, views: string[]): Promise<number> =>
      Math.max(...await Promise.all(views.map((view) => built(client, `/${db}/_design/${designDoc}/_view/${view}?limit=1`))));
    const [tasksIndex, dashboardIndex] = await Promise.all([
      allBuilt('after', Object.values(VIEWS)),
      allBuilt(DASHBOARD_DESIGN, Object.values(DASHBOARD_VIEWS)),
    ]);
    progress(`indexes built: _design/after ${tasksIndex.toFixed(0)} s, _design/after-dashboard ${dashboardIndex.toFixed(0)} s (both at once, ${((Date.now() - indexStart) / 1000).toFixed(0)} s)`);

    dashboard = await startDashboard(['--couch', url, '--db', db]);
    const api = new DashboardApi(dashboard.url);
    if ((await api.logIn(login, password)).status !== 200) throw new Error('cannot log in to the dashboard');
    const secondPage = async (path: string): Promise<string> => {
      const next = (await api.get(path)).json.next as string;
      return `${path}&cursor=${encodeURIComponent(next)}`;
    };
    const paths: Array<[string, string]> = [
      ['overview', '/api/overview'],
      ['failures, first page', '/api/failures?limit=20'],
      ['failures, second page', await secondPage('/api/failures?limit=20')],
      ['search, no filter', '/api/search?limit=20'],
      ['search, worker', '/api/search?worker=w1&limit=20'],
      ['search, status error', '/api/search?status=error&limit=20'],
      ['search, worker + status', '/api/search?worker=w2&status=done&limit=20'],
      ['search, worker + date range', `/api/search?worker=w3&from=${new Date(nowMs - 7 * DAY_MS).toISOString()}&to=${new Date(nowMs - 6 * DAY_MS).toISOString()}&limit=20`],
      ['search, job', '/api/search?job=resize&limit=20'],
      ['search, job + status (filtered)', '/api/search?job=mail&status=error&limit=20'],
      ['search, worker, second page', await secondPage('/api/search?worker=w4&limit=20')],
    ];
    const figures: Figure[] = [];
    for (const [what, path] of paths) {
      figures.push(await timed(what, options.runs, async () => {
        const answer = await api.get(path);
        if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.text}`);
        return answer.json.rows;
      }));
    }
    // What the overview's counts (and `after status`) ask the database, without the dashboard.
    const countsPath = `/${db}/_design/after/_view/${VIEWS.byWorkerStatus}?group=true`;
    figures.push(await timed('counts view (group=true), from the database', options.runs, async () => {
      const answer = await client.request('GET', countsPath);
      if (answer.status !== 200) throw new Error(`${countsPath} answered ${answer.status}`);
      return (answer.body as { rows: unknown }).rows;
    }));
    const page: PageTimes | null = options.chromium ? await timeOverviewPage(dashboard.url, login, password, options.runs) : null;
    const overview = (await api.get('/api/overview')).json;
    const total = Object.values(overview.counts as Record<string, Record<string, number>>).reduce((sum, byStatus) => sum + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
    process.stdout.write(`${JSON.stringify({
      backend: embedded ? 'embedded server' : 'CouchDB', tasks: options.tasks, counted: total, load_s: Math.round(loadSeconds),
      index_s: { after: Math.round(tasksIndex), after_dashboard: Math.round(dashboardIndex) },
      due: { total: overview.due.total, more: overview.due.more }, lateness: { p50: overview.lateness.p50, p99: overview.lateness.p99, count: overview.lateness.count },
      figures, ...(page === null ? {} : { page }),
    }, null, 2)}\n`);
  } finally {
    await dashboard?.stop();
    if (!options.keep) await client.request('DELETE', `/${db}`);
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`dashboard-scale: ${withoutPasswords(err instanceof Error ? err.stack ?? err.message : String(err))}\n`);
  process.exit(1);
});
