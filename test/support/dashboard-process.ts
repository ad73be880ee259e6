// The real `bin/after dashboard --port N` as a child process, on a free port; stopped by its PID.
import { freePort } from './free-port';
import { startAfter } from './run-after';

const START_TIMEOUT_MS = 20_000;

export interface DashboardProcess {
  /** http://127.0.0.1:PORT/ (the page's base). */
  url: string;
  pid: number;
  output(): string;
  /** SIGTERM by PID; SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
}

/** Starts `after dashboard` with `args` (e.g. ['--config', file]) and waits until its page answers. */
export async function startDashboard(args: string[]): Promise<DashboardProcess> {
  const port = await freePort();
  const running = startAfter(['dashboard', '--port', String(port), ...args], { timeoutMs: 24 * 3_600_000 });
  let exited = false;
  let stderr = '';
  const done = running.finished.then((run) => { exited = true; stderr = run.stderr; }, () => { exited = true; });
  const url = `http://127.0.0.1:${port}/`;
  const stop = async (): Promise<void> => {
    if (exited) return;
    process.kill(running.pid, 'SIGTERM');
    const timer = setTimeout(() => { if (!exited) process.kill(running.pid, 'SIGKILL'); }, 10_000);
    await done;
    clearTimeout(timer);
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`after dashboard exited before serving its page:\n${running.stdout()}${stderr}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`after dashboard did not serve its page within ${START_TIMEOUT_MS} ms:\n${running.stdout()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, pid: running.pid, output: () => running.stdout(), stop };
}
