/** A short phrase for a value in an error message: `null`, `an array`, `a string ("abc")`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': return `a string (${JSON.stringify(truncate(value, 40))})`;
    case 'number':
    case 'boolean':
    case 'bigint': return `a ${typeof value} (${String(value)})`;
    case 'function': return 'a function';
    case 'symbol': return 'a symbol';
    default: return 'an object';
  }
}

/** `text` cut to at most `max` characters, marked with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
