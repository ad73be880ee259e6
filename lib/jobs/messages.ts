import { truncate } from './describe-value';

/**
 * What a task naming a job this worker lacks is told: the jobs it has, or where it looked, and
 * the file of that name that lacks an execute bit, if there is one.
 */
export function unknownJobMessage(name: string, known: readonly string[], dir?: string, notExecutableFile?: string): string {
  const has = known.length > 0 ? `has: ${known.join(', ')}` : `has none${dir ? ` (jobs folder ${dir})` : ''}`;
  const hint = notExecutableFile === undefined ? '' : `; ${notExecutableFile} is not executable (chmod +x ${notExecutableFile})`;
  return `unknown job '${truncate(name, 100)}'${hint}; this worker ${has}`;
}
