// The dashboard in a real browser: the real `after dashboard` process against the embedded
// server (or, with AFTER_TEST_COUCH_URL, a real CouchDB 3.x), a real worker process running
// the default jobs, and Debian's headless Chromium. Counts are checked against the library's
// client (lib/api), and every action against the document it leaves in the database.
import { expect } from 'chai';
import crypto from 'node:crypto';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { connect } from '../../lib/api/connect';
import type { AfterClient } from '../../lib/api/types';
import { launchChromium, pendingWithoutChromium, type HeadlessChromium } from '../support/chromium';
import { canonical, eventually, logIn, openView, scrollWidth, shownCounts, waitForView } from '../support/dashboard-page';
import { startDashboard, type DashboardProcess } from '../support/dashboard-process';
import { runAfter } from '../support/run-after';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { openTestCouch, type TestCouch } from '../support/test-couch';
import { startWorker, type WorkerProcess } from '../support/worker-process';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** The README's screenshot is taken with AFTER_DASHBOARD_SCREENSHOT=docs/dashboard.png; otherwise it goes to the run's temporary directory. */
const screenshotPath = (dir: string): string => path.resolve(process.env.AFTER_DASHBOARD_SCREENSHOT ?? path.join(dir, 'dashboard.png'));
const SERVED = 'billing';
/** A worker name no process serves: its tasks wait. */
const IDLE = 'reports';
/** Document content that looks like HTML: the page must show it as text. */
const HOSTILE_MESSAGE = 'card declined <img src=x onerror="window.__injected=1"> <b>for 42.00 EUR</b>';
const WAITING = 26;
/** Tasks that run at once and end done (the lateness chart's samples). */
const DONE = 12;

const inMinutes = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();
/** The waiting tasks' dates: at :30 of a minute, so a date picker's whole minutes fall between them. */
const halfPast = (minutes: number): string => new Date(Math.floor(Date.now() / 60_000) * 60_000 + minutes * 60_000 + 30_000).toISOString();
/** An ISO date's whole minute as an <input type="datetime-local"> value in the browser's zone. */
const pickerMinute = (page: Page, iso: string): Promise<string> => page.evaluate(`(() => {
  const date = new Date(${JSON.stringify(iso)});
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
})()`) as Promise<string>;

describe('the dashboard in Chromium (after dashboard, a worker, embedded server or CouchDB)', function () {
  this.timeout(120_000);
  let couch: TestCouch;
  let dir: string;
  let configFile: string;
  let db: string;
  let client: AfterClient;
  let worker: WorkerProcess | undefined;
  let dashboard: DashboardProcess | undefined;
  let chromium: HeadlessChromium | undefined;
  let context: BrowserContext;
  let page: Page;
  let user: { name: string; password: string };
  const dialogs: string[] = [];
  const ids = { failed: '', chain: '', toCancel: '', toReschedule: '' };
  let waiting: string[] = [];

  before(async function () {
    pendingWithoutChromium(this);
    chromium = await launchChromium();
    dir = makeTempDir('after-dashboard-browser-');
    couch = await openTestCouch();
    db = await couch.newDatabase('dash');
    configFile = couch.writeConfig(dir, db, path.join(ROOT, 'jobs'));
    const setup = await runAfter(['setup', '--config', configFile]);
    expect(setup.code, setup.stderr).to.equal(0);
    const parsed = new URL(couch.url);
    user = { name: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
    client = await connect({ url: couch.url, db });

    worker = await startWorker(SERVED, configFile);
    const done = await Promise.all(Array.from({ length: DONE }, (_, n) => client.submit({ worker: SERVED, date: new Date(), job: { name: 'hello', arguments: [`customer ${n}`] } })));
    ids.failed = await client.submit({ worker: SERVED, date: new Date(), job: { name: 'fail', arguments: [HOSTILE_MESSAGE] } });
    ids.chain = await client.submit({ worker: SERVED, date: new Date(), job: [{ name: 'hello', arguments: ['world'] }, { name: 'log' }] });
    // Due within the hour but past the worker's horizon (10 min): they stay `waiting`.
    waiting = await Promise.all(Array.from({ length: WAITING }, (_, n) => client.submit({ worker: SERVED, date: halfPast(20 + n), job: 'hello' })));
    [ids.toCancel, ids.toReschedule] = waiting.slice(-2);
    await Promise.all(Array.from({ length: 3 }, (_, n) => client.submit({ worker: IDLE, date: inMinutes(-5 - n), job: { name: 'monthly', arguments: ['<script>alert(1)</script>'] } })));
    for (const id of [...done, ids.chain]) await client.wait(id, { timeoutMs: 30_000 });
    await eventually('the failing task ends error', () => client.get(ids.failed), (doc) => doc.status === 'error');

    dashboard = await startDashboard(['--config', configFile]);
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
  });

  after(async () => {
    await chromium?.close();
    await dashboard?.stop();
    await worker?.stop();
    await couch?.close();
    if (dir) removeTempDir(dir);
  });

  it('an anonymous visitor gets 401 from the API and sees the login form', async () => {
    const anonymous = await fetch(new URL('api/overview', dashboard!.url));
    expect(anonymous.status).to.equal(401);
    await page.goto(dashboard!.url);
    const fromPage = await page.evaluate(`fetch('api/overview').then((response) => response.status)`);
    expect(fromPage).to.equal(401);
    await page.locator('#login-form').waitFor();
    expect(await page.locator('#view').isHidden()).to.equal(true);
  });

  it('an unknown user is refused with the server\'s reason; the database\'s user logs in', async () => {
    // Never a wrong password for a real user: CouchDB 3.4 and later lock an account out (for every
    // client on this address) after a few failed logins. A name no user has harms no one.
    await page.fill('#login-form input[name=name]', `nobody-${crypto.randomBytes(4).toString('hex')}`);
    await page.fill('#login-form input[name=password]', 'not a password');
    await page.click('#login-form button');
    await page.locator('#login-error:not(:empty)').waitFor();
    expect(await page.textContent('#login-error')).to.equal('the database refused this name and password; use those of a user of the database');
    expect(await page.locator('#view').isHidden()).to.equal(true);
    await logIn(page, user);
    expect(await page.textContent('#user')).to.equal(user.name);
  });

  it('the overview shows the database\'s counts, and new tasks arrive live (no reload)', async () => {
    await page.locator('#live[data-live=on]').waitFor();
    const counts = await eventually('the page shows the database\'s counts', async () => ({ page: canonical(await shownCounts(page)), db: canonical(await client.counts()) }),
      (both) => JSON.stringify(both.page) === JSON.stringify(both.db));
    expect(counts.page[SERVED]).to.include({ done: DONE + 1, error: 1, waiting: WAITING });
    expect(counts.page[IDLE]).to.deep.equal({ waiting: 3 });

    expect(await page.locator('#processes').textContent()).to.contain(SERVED);
    // The waiting ones, and the idle worker's overdue ones.
    expect(await page.textContent('#due-total')).to.match(new RegExp(`^${WAITING + 3} tasks due in the next hour`));
    expect(await page.locator('#due tbody tr').count()).to.equal(10);
    expect(await page.textContent('#late-p50')).to.match(/\d/);
    expect(await page.locator('#lateness svg rect').count()).to.be.greaterThan(0);

    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await client.submit({ worker: IDLE, date: inMinutes(-1), job: 'monthly' });
    await eventually('the new task appears in the counts', () => shownCounts(page), (shown) => shown[IDLE]?.waiting === 4);
    expect(navigations, 'the page did not reload').to.deep.equal([]);

    await page.screenshot({ path: screenshotPath(dir) });
  });

  it('the failures list shows error.message as text, with attempts and fails', async () => {
    await page.click('#nav a[data-view=failures]');
    const card = page.locator(`.failure[data-id="${ids.failed}"]`);
    await card.waitFor();
    expect(await card.locator('.message').textContent()).to.equal(HOSTILE_MESSAGE);
    expect(await card.locator('.facts').textContent()).to.contain('attempts 1 · fails 1');
    expect(await page.evaluate('window.__injected')).to.equal(undefined);
    expect(await page.locator('.failure img').count()).to.equal(0);
    expect(dialogs, 'no script from a document ran').to.deep.equal([]);
  });

  it('search by worker and status pages forward and back with the cursor', async () => {
    await page.click('#nav a[data-view=search]');
    await page.fill('#search-form input[name=worker]', SERVED);
    await page.selectOption('#search-form select[name=status]', 'waiting');
    await page.click('#search-form button[type=submit]');
    await page.waitForURL(`${dashboard!.url}#/search?worker=${SERVED}&status=waiting`);
    await waitForView(page);
    const rowIds = (): Promise<string[]> => page.locator('#results tbody tr')
      .evaluateAll((rows: Array<{ dataset: Record<string, string> }>) => rows.map((row) => row.dataset.id));
    const first = await rowIds();
    expect(first).to.have.length(20);
    await page.click('.pager .forward');
    await page.locator('#view[data-page="2"][data-loaded=true]').waitFor();
    const second = await rowIds();
    expect(second).to.have.length(WAITING - 20);
    expect(first.filter((id) => second.includes(id))).to.deep.equal([]);
    expect(await page.locator('.pager .forward').isDisabled()).to.equal(true);
    await page.click('.pager .back');
    await page.locator('#view[data-page="1"][data-loaded=true]').waitFor();
    expect(await rowIds()).to.deep.equal(first);
    for (const id of [...first, ...second]) expect((await client.get(id))).to.include({ worker: SERVED, status: 'waiting' });
    expect([...first, ...second]).to.have.members(waiting);
  });

  it('search by a date range (the date pickers) finds the tasks between, both ends included', async () => {
    const from = (await client.get(waiting[10])).date as string;
    const to = (await client.get(waiting[15])).date as string;
    await page.fill('#search-form input[name=from]', await pickerMinute(page, from));
    await page.fill('#search-form input[name=to]', await pickerMinute(page, to));
    await page.click('#search-form button[type=submit]');
    await page.waitForURL(/from=.*&to=/);
    await waitForView(page);
    const shown = await page.locator('#results tbody tr').evaluateAll((rows: Array<{ dataset: Record<string, string> }>) => rows.map((row) => row.dataset.id));
    // From the whole minute of task 10's date to that of task 15's: tasks 10 to 14.
    expect(shown).to.deep.equal(waiting.slice(10, 15));
  });

  it('a task page cancels the task; its status turns canceled live when the worker has done it', async () => {
    await openView(page, dashboard!.url, `#/task/${encodeURIComponent(ids.toCancel)}`);
    expect(await page.getAttribute('#view', 'data-status')).to.equal('waiting');
    expect(JSON.parse(await page.textContent('#task-json') as string)).to.deep.equal(await client.get(ids.toCancel));
    await page.click('#cancel');
    await page.locator('#action-result.ok').waitFor();
    expect(await page.textContent('#action-result')).to.equal('Cancel: done. The task is now cancel.');
    // The worker turns `cancel` into `canceled`; the counts change, and the page reads the task again.
    await page.locator('#view[data-status=canceled]').waitFor({ timeout: 20_000 });
    expect(await page.textContent('#task-status')).to.equal('canceled');
    expect((await client.get(ids.toCancel)).status).to.equal('canceled');
  });

  it('a task page reschedules with the date picker, and shows the server\'s refusal', async () => {
    await openView(page, dashboard!.url, `#/task/${encodeURIComponent(ids.toReschedule)}`);
    expect(await page.getAttribute('#view', 'data-status')).to.equal('waiting');
    await page.fill('#reschedule-date', '2031-02-03T04:05');
    const expected = await page.evaluate(`new Date('2031-02-03T04:05').toISOString()`);
    await page.click('#reschedule');
    await page.locator('#action-result.ok').waitFor();
    expect(await page.textContent('#action-result')).to.equal('Reschedule: done. The task is now reschedule.');
    // Its worker takes it as a new start when the date comes within its horizon.
    expect(await client.get(ids.toReschedule)).to.include({ date: expected, status: 'reschedule' });

    await page.click('#retry');
    await page.locator('#action-result.error').waitFor();
    expect(await page.textContent('#action-result')).to.equal(
      `Retry refused: task ${ids.toReschedule} is reschedule; retry runs again a task that ended error or canceled: it has not ended`);
  });

  it('a task page retries an error task now; the worker runs it again', async () => {
    await openView(page, dashboard!.url, `#/task/${encodeURIComponent(ids.failed)}`);
    expect(await page.getAttribute('#view', 'data-status')).to.equal('error');
    expect(await page.textContent('#task-error')).to.equal(HOSTILE_MESSAGE);
    await page.click('#retry');
    await page.locator('#action-result.ok').waitFor();
    expect(await page.textContent('#action-result')).to.equal('Retry: done. The task is now waiting.');
    const doc = await eventually('the retried task fails again', () => client.get(ids.failed), (task) => task.status === 'error' && task.runs === 2);
    expect(doc.history).to.have.length(2);
  });

  it('a chain\'s page shows its steps with their results', async () => {
    await openView(page, dashboard!.url, `#/task/${encodeURIComponent(ids.chain)}`);
    expect(await page.getAttribute('#view', 'data-status')).to.equal('done');
    const steps = await page.locator('#steps li').allTextContents();
    expect(steps).to.have.length(2);
    expect(steps[0]).to.contain('hello').and.to.contain('step 0 · done').and.to.contain('result: Hello, world');
    expect(steps[1]).to.contain('log').and.to.contain('result: {"logged":"Hello, world"}');
  });

  it('a phone-sized screen (390 × 844) never scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const hash of ['#/overview', '#/failures', `#/task/${encodeURIComponent(ids.failed)}`, `#/search?worker=${SERVED}`]) {
      await openView(page, dashboard!.url, hash);
      expect(await scrollWidth(page), hash).to.be.at.most(390);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('a 401 from an API call (the session gone) returns to the login form', async () => {
    await openView(page, dashboard!.url, '#/overview');
    await context.clearCookies();
    await page.click('#nav a[data-view=failures]');
    await page.locator('#login-form').waitFor();
    expect(await page.textContent('#login-error')).to.equal('Your session has ended: log in again.');
    expect(await page.locator('#view').isHidden()).to.equal(true);
  });
});
