// How the bench runs the real `bin/after`, as a user does: the database chosen by the
// environment (AFTER_COUCH_URL, AFTER_DB), and a config file of the bench's own so that no
// config.json of the current directory or of the project is read.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const AFTER_BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'after');

export interface AfterTarget {
  /** The server URL with credentials. */
  couchUrl: string;
  db: string;
  /** A config file the commands are given with --config. */
  configFile: string;
}

export function writeEmptyConfig(dir: string): string {
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, '{}\n');
  return file;
}

export function afterEnv(target: AfterTarget): NodeJS.ProcessEnv {
  return { ...process.env, AFTER_COUCH_URL: target.couchUrl, AFTER_DB: target.db };
}

/** `after setup`: creates the database and installs `_design/after`, as a user does before posting tasks. */
/** `after setup` on the target; `extraArgs` such as ['--dashboard']. */
export function runSetup(target: AfterTarget, extraArgs: readonly string[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AFTER_BIN, 'setup', '--config', target.configFile, ...extraArgs], {
      env: afterEnv(target),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`after setup exited with ${code}: ${output.trim()}`));
    });
  });
}
