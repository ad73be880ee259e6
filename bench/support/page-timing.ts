// The dashboard's overview timed in a real browser (Debian's Chromium, headless): from the
// login button to the overview drawn (its data read and shown: `#view[data-loaded=true]`),
// then from each reload to the same. What a person waits for, the page's own work included.
import { launchChromium } from '../../test/support/chromium';
import { median } from './stats';

const DRAWN = '#view[data-loaded=true]';
const DRAWN_TIMEOUT_MS = 120_000;

export interface PageTimes {
  /** Login button clicked to the overview drawn, ms. */
  login_to_overview_ms: number;
  /** A reload of the page to the overview drawn again: median and max over the runs, ms. */
  reload_to_overview_ms: { median: number; max: number; runs: number };
}

export async function timeOverviewPage(dashboardUrl: string, name: string, password: string, runs: number): Promise<PageTimes> {
  const chromium = await launchChromium();
  try {
    const page = await (await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(dashboardUrl);
    await page.fill('#login-form input[name=name]', name);
    await page.fill('#login-form input[name=password]', password);
    let started = Date.now();
    await page.click('#login-form button');
    await page.waitForSelector(DRAWN, { timeout: DRAWN_TIMEOUT_MS });
    const loginMs = Date.now() - started;
    const reloads: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      started = Date.now();
      await page.reload();
      await page.waitForSelector(DRAWN, { timeout: DRAWN_TIMEOUT_MS });
      reloads.push(Date.now() - started);
    }
    return { login_to_overview_ms: loginMs, reload_to_overview_ms: { median: median(reloads), max: Math.max(...reloads), runs } };
  } finally {
    await chromium.close();
  }
}
