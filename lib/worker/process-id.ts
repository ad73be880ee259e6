import crypto from 'node:crypto';
import os from 'node:os';

/** Identifies this process in `lease.by` and `history[].by`: host, pid, and a nonce against pid reuse. */
export function newProcessId(): string {
  return `${os.hostname()}/${process.pid}/${crypto.randomBytes(3).toString('hex')}`;
}
