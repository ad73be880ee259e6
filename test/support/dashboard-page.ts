// The dashboard's page as a browser test reads it: the counts table, the page's width, logging in.
import type { Page } from 'playwright-core';
import type { StatusCounts } from '../../lib/task/types';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `accept` holds; fails with the last value read. */
export async function eventually<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    await sleep(100);
    last = await read();
  }
  return last;
}

/** The counts table as the page shows it: {worker: {status: n}} without zeros. */
export async function shownCounts(page: Page): Promise<StatusCounts> {
  return await page.evaluate(`(() => {
    const table = document.querySelector('#counts');
    if (!table) return {};
    const statuses = [...table.querySelectorAll('thead th')].map((th) => th.textContent).slice(1, -1);
    const counts = {};
    for (const row of table.querySelectorAll('tbody tr')) {
      const cells = [...row.querySelectorAll('td')].slice(0, statuses.length);
      const byStatus = {};
      cells.forEach((cell, index) => { const n = Number(cell.textContent); if (n) byStatus[statuses[index]] = n; });
      counts[row.querySelector('th').textContent] = byStatus;
    }
    return counts;
  })()`) as StatusCounts;
}

/** Counts with keys sorted and zeros left out, to compare two of them. */
export function canonical(counts: StatusCounts): Record<string, Record<string, number>> {
  return Object.fromEntries(Object.keys(counts).sort().map((worker) => [worker,
    Object.fromEntries(Object.entries(counts[worker]).filter(([, n]) => Number(n) > 0).sort(([a], [b]) => a.localeCompare(b)))]));
}

export async function scrollWidth(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth'));
}

/** Logs in through the page's form; resolves once the overview has loaded. */
export async function logIn(page: Page, user: { name: string; password: string }): Promise<void> {
  await page.fill('#login-form input[name=name]', user.name);
  await page.fill('#login-form input[name=password]', user.password);
  await page.click('#login-form button');
  await page.locator('#view[data-view=overview][data-loaded=true]').waitFor();
}

/** Opens `hash` (`#/failures`) of the page at `base`; resolves once that view (not the one before) has loaded. */
export async function openView(page: Page, base: string, hash: string): Promise<void> {
  await page.goto(`${base}${hash}`);
  await waitForView(page);
}

/** Resolves once the view of the address the page is at now has loaded (after a form or link changed it). */
export async function waitForView(page: Page): Promise<void> {
  const { hash } = new URL(page.url());
  await page.locator(`#view[data-route=${JSON.stringify(hash)}][data-loaded=true]`).waitFor();
}
