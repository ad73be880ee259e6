// The pm2 daemon of a temporary PM2_HOME, through pm2's own binary: what it holds (`pm2 jlist`),
// and its end (`pm2 kill`, then checked by the PID it wrote, so no God daemon outlives the test
// that started it).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PM2_BIN = path.resolve(__dirname, '..', '..', '..', 'node_modules', 'pm2', 'bin', 'pm2');
const GONE_WITHIN_MS = 10_000;

/** Alive and not a zombie (a container's PID 1 may never reap the daemon once it exited). */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && fs.existsSync('/proc/self/stat')) return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function daemonPid(pm2Home: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(pm2Home, 'pm2.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

function runPm2(pm2Home: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PM2_BIN, ...args], { env: { ...process.env, PM2_HOME: pm2Home }, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.once('error', reject);
    child.once('close', () => resolve(stdout));
  });
}

/** pm2's own description of a process (`pm2 jlist`), as pm2 stored the options it was started with. */
export async function pm2Env(pm2Home: string, name: string): Promise<Record<string, unknown>> {
  // The first pm2 command on a new PM2_HOME prints pm2's banner before the JSON line.
  const line = (await runPm2(pm2Home, ['jlist'])).split('\n').find((text) => text.startsWith('[')) ?? '[]';
  const list = JSON.parse(line) as Array<{ name: string; pm2_env: Record<string, unknown> }>;
  const found = list.find((entry) => entry.name === name);
  if (!found) throw new Error(`pm2 jlist has no process '${name}'`);
  return found.pm2_env;
}

/**
 * `pm2 kill` with that PM2_HOME (its processes are stopped with it), then SIGKILL by PID if the
 * daemon is still there. Throws when a daemon survives both.
 */
export async function killPm2Daemon(pm2Home: string): Promise<void> {
  const pid = daemonPid(pm2Home);
  if (pid === null) return;
  await runPm2(pm2Home, ['kill']).catch(() => undefined);
  if (await waitUntilGone(pid, GONE_WITHIN_MS)) return;
  process.kill(pid, 'SIGKILL');
  if (!(await waitUntilGone(pid, GONE_WITHIN_MS))) throw new Error(`the pm2 daemon of ${pm2Home} (pid ${pid}) survived pm2 kill and SIGKILL`);
}
