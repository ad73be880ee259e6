export function unknownJobMessage(name: string, known: readonly string[]): string {
  const list = known.length > 0 ? known.join(', ') : '(no jobs)';
  return `unknown job '${name}'; this worker has: ${list}`;
}
