// A jobs folder in a temporary directory, written by a test and removed after it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobInput } from '../../lib/jobs/types';

export class TempJobsFolder {
  readonly dir: string;

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'after-jobs-'));
  }

  /** Writes `index.js`. */
  index(source: string): this {
    return this.file('index.js', source);
  }

  /** Writes a file with an execute bit. */
  executable(fileName: string, source: string): this {
    return this.file(fileName, source, 0o755);
  }

  file(fileName: string, source: string, mode = 0o644): this {
    const file = path.join(this.dir, fileName);
    fs.writeFileSync(file, source);
    fs.chmodSync(file, mode);
    return this;
  }

  path(fileName: string): string {
    return path.join(this.dir, fileName);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A run of `name` with plausible task fields; `overrides` replace any of them. */
export function jobInput(name: string, overrides: Partial<JobInput> = {}): JobInput {
  const args = 'arguments' in overrides ? overrides.arguments : undefined;
  return {
    id: 'task-1',
    date: '2030-01-02T03:04:05Z',
    name,
    arguments: args,
    doc: {
      _id: 'task-1',
      worker: 'test',
      date: '2030-01-02T03:04:05Z',
      job: { name, arguments: args },
      status: 'running',
    },
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** Whether a process with this id is alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resolves once `check` is true, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
