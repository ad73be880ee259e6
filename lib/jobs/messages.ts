import { truncate } from './describe-value';

/** What a task naming a job this worker lacks is told: the jobs it has, or where it looked. */
export function unknownJobMessage(name: string, known: readonly string[], dir?: string): string {
  const has = known.length > 0 ? `has: ${known.join(', ')}` : `has none${dir ? ` (jobs folder ${dir})` : ''}`;
  return `unknown job '${truncate(name, 100)}'; this worker ${has}`;
}
