// The executable jobs of a jobs folder: its top-level regular files with an execute bit,
// except hidden files and the module side (*.js, *.json, *.md).
import fs from 'node:fs';
import path from 'node:path';
import { JobsFolderError } from './errors';

/** An executable job: `hello.sh` is the job `hello`. */
export interface ExecutableJobFile {
  name: string;
  /** Absolute path. */
  file: string;
}

const NOT_EXECUTABLE_JOBS = new Set(['.js', '.json', '.md']);
const ANY_EXECUTE_BIT = 0o111;

/** In file name order. `dir` must be an absolute path to a folder. */
export function findExecutableJobs(dir: string): ExecutableJobFile[] {
  const found: ExecutableJobFile[] = [];
  for (const fileName of listFolder(dir)) {
    if (fileName.startsWith('.')) continue;
    const { name, ext } = path.parse(fileName);
    if (NOT_EXECUTABLE_JOBS.has(ext.toLowerCase())) continue;
    const file = path.join(dir, fileName);
    if (isExecutableFile(file)) found.push({ name, file });
  }
  return found;
}

function listFolder(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new JobsFolderError(`jobs folder ${dir} cannot be listed (${code}); the worker needs to read it`);
  }
}

/** Follows symbolic links; a broken link is no job. */
function isExecutableFile(file: string): boolean {
  try {
    const stats = fs.statSync(file);
    return stats.isFile() && (stats.mode & ANY_EXECUTE_BIT) !== 0;
  } catch {
    return false;
  }
}
