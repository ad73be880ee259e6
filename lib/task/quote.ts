// How messages show a bad value; the same as the `quote` inside checkTask, which cannot import it.

const MAX_QUOTED = 60;

/** A value on one line: strings in single quotes, numbers as written, anything else as JSON. */
export function quoteValue(value: unknown): string {
  let text: string | undefined;
  if (typeof value === 'string') {
    text = `'${JSON.stringify(value).slice(1, -1)}'`;
  } else if (typeof value === 'number' || value === undefined) {
    text = String(value);
  } else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = String(value);
    }
    if (text === undefined) text = String(value);
  }
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 3)}...` : text;
}
