// Temporary directories for tests: removed by removeTempDir, and any left over when the test process exits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const created = new Set<string>();
let exitHookInstalled = false;

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', removeAllTempDirs);
  }
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  created.delete(dir);
}

/** Leaves `dir` on disk when the process exits (for evidence a run keeps). */
export function keepTempDir(dir: string): void {
  created.delete(dir);
}

export function removeAllTempDirs(): void {
  for (const dir of [...created]) removeTempDir(dir);
}
