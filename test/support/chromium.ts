// Debian's Chromium (/usr/bin/chromium), headless, driven by playwright-core; closed by its PID.
import fs from 'node:fs';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const CLOSE_TIMEOUT_MS = 10_000;

export interface HeadlessChromium {
  browser: Browser;
  /** The browser's own process. */
  pid: number;
  /** Closes the browser, then makes sure its process is gone (SIGKILL by PID if need be). */
  close(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * In a `before` hook: leaves the suite pending when Chromium is missing, so that `npm test` runs
 * on a machine with only Node.js and npm; except under .ci/run, which installs Chromium and sets
 * AFTER_REQUIRE_CHROMIUM=1: there launchChromium fails instead.
 */
export function pendingWithoutChromium(hook: Mocha.Context): void {
  if (!fs.existsSync(CHROMIUM) && process.env.AFTER_REQUIRE_CHROMIUM !== '1') hook.skip();
}

/** Throws a one-line error saying how to install Chromium when it is missing: the test fails, it does not skip. */
export async function launchChromium(): Promise<HeadlessChromium> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with 'apt-get install chromium' (the dashboard's browser test drives it)`);
  }
  // Chromium's sandbox cannot start as root (CI and this machine run as root): only then without it.
  const server: BrowserServer = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: process.getuid?.() !== 0,
  });
  const pid = server.process().pid as number;
  const browser = await chromium.connect(server.wsEndpoint());
  return {
    browser,
    pid,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      const deadline = Date.now() + CLOSE_TIMEOUT_MS;
      while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    },
  };
}
