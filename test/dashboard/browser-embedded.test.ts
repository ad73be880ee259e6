// The page on the embedded server's own port, at /_after/ (`after db`): one port for a demo.
// Its own `after db` on a free port whatever AFTER_TEST_COUCH_URL says (CouchDB has no /_after/),
// and Debian's headless Chromium.
import { expect } from 'chai';
import { connect } from '../../lib/api/connect';
import type { AfterClient } from '../../lib/api/types';
import { launchChromium, pendingWithoutChromium, type HeadlessChromium } from '../support/chromium';
import { canonical, eventually, logIn, shownCounts } from '../support/dashboard-page';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';
import { runAfter } from '../support/run-after';

describe('the dashboard at /_after/ on after db\'s own port, in Chromium (real process)', function () {
  this.timeout(120_000);
  let server: EmbeddedDb | undefined;
  let chromium: HeadlessChromium | undefined;
  let client: AfterClient;

  before(async function () {
    pendingWithoutChromium(this);
    chromium = await launchChromium();
    server = await startEmbeddedDb();
    const setup = await runAfter(['setup', '--config', server.configFile]);
    expect(setup.code, setup.stderr).to.equal(0);
    client = await connect({ url: server.url, db: server.db });
    for (const worker of ['emb', 'other']) await client.submit({ worker, date: '2030-01-01T00:00:00Z', job: 'hello' });
  });

  after(async () => {
    await chromium?.close();
    await server?.stop();
  });

  it('/_after opens the page; it logs in, shows the counts live, and its cookie stays under /_after/', async () => {
    const context = await chromium!.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server!.plainUrl}/_after`);
    expect(new URL(page.url()).pathname).to.equal('/_after/');
    await page.locator('#login-form').waitFor();
    expect(await page.evaluate(`fetch('api/overview').then((response) => response.status)`)).to.equal(401);
    await logIn(page, { name: server!.login, password: server!.password });
    expect(page.url()).to.equal(`${server!.plainUrl}/_after/#/overview`);

    await page.locator('#live[data-live=on]').waitFor();
    await eventually('the page shows the database\'s counts', async () => ({ page: canonical(await shownCounts(page)), db: canonical(await client.counts()) }),
      (both) => JSON.stringify(both.page) === JSON.stringify(both.db));
    await client.submit({ worker: 'emb', date: '2030-01-02T00:00:00Z', job: 'hello' });
    await eventually('the new task appears in the counts', () => shownCounts(page), (shown) => shown.emb?.waiting === 2);

    const cookies = await context.cookies();
    expect(cookies.map((cookie) => [cookie.name, cookie.path, cookie.httpOnly, cookie.sameSite])).to.deep.equal([['AuthSession', '/_after/', true, 'Strict']]);
    await context.close();
  });
});
