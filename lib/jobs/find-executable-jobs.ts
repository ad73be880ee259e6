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

/**
 * The job files of a folder, in file name order: `executable` ones are jobs; the others would be
 * with an execute bit, so a user who forgot `chmod +x` is told so rather than that the job is
 * unknown. `dir` must be an absolute path to a folder.
 */
export function findJobFiles(dir: string): Array<ExecutableJobFile & { executable: boolean }> {
  const found: Array<ExecutableJobFile & { executable: boolean }> = [];
  for (const fileName of listFolder(dir)) {
    if (fileName.startsWith('.')) continue;
    const { name, ext } = path.parse(fileName);
    if (NOT_EXECUTABLE_JOBS.has(ext.toLowerCase())) continue;
    const file = path.join(dir, fileName);
    const kind = fileKind(file);
    if (kind !== null) found.push({ name, file, executable: kind === 'executable' });
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

/** A regular file with or without an execute bit; null for anything else. Follows symbolic links; a broken link is nothing. */
function fileKind(file: string): 'executable' | 'plain' | null {
  try {
    const stats = fs.statSync(file);
    if (!stats.isFile()) return null;
    return (stats.mode & ANY_EXECUTE_BIT) !== 0 ? 'executable' : 'plain';
  } catch {
    return null;
  }
}
