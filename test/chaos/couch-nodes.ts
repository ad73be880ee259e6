// Stopping and starting a CouchDB node with the user's own shell commands, and waiting for it
// to answer again.
import { spawn } from 'node:child_process';
import { couchRequest } from '../support/couch-request';
import { hidePasswords, splitCredentials } from './couch-url';
import { sleep } from './timing';

/** How long a --node-stop or --node-start command may take before it is killed (a clean CouchDB stop alone may take 30 s). */
const COMMAND_TIMEOUT_MS = 120_000;
const UP_TIMEOUT_MS = 60_000;

/** `template` for node number `n` (1-based): every `{n}` replaced. */
export function nodeCommand(template: string, n: number): string {
  return template.replaceAll('{n}', String(n));
}

/** Runs `command` in a shell; resolves when it exits, rejects unless it exits with 0 within the time-out (it is then killed by PID). */
export function runCommand(command: string, timeoutMs = COMMAND_TIMEOUT_MS): Promise<void> {
  const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => process.kill(child.pid as number, 'SIGKILL'), timeoutMs);
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    // 'exit', not 'close': a daemon the command starts may keep its output pipes open.
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const outcome = signal === 'SIGKILL' ? `did not end within ${timeoutMs / 1000} s` : `exited with ${code ?? signal}`;
      const said = output.trim() === '' ? '' : `: ${output.trim()}`;
      reject(new Error(hidePasswords(`'${command}' ${outcome}${said}`)));
    });
  });
}

/** Whether the node answers GET /_up with 200. */
export async function isUp(url: string): Promise<boolean> {
  const { origin, auth } = splitCredentials(url);
  try {
    return (await couchRequest(origin, 'GET', '/_up', { auth })).status === 200;
  } catch {
    return false;
  }
}

export async function waitUntilUp(url: string, timeoutMs = UP_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isUp(url))) {
    if (Date.now() > deadline) throw new Error(`${hidePasswords(url)} did not answer /_up with 200 within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}
