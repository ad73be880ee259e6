// Shallow copies of task documents, made on every status write. V8 spends 5-6 µs on object
// spread or rest destructuring of a document that came from JSON.parse, a tenth of that on
// this loop (docs/COUCHDB.md, "The worker's own time in a burst").

type Fields = Record<string, unknown>;

/** Sets every own field of `source` not in `omit` on `target`, as object spread does. */
function copyFields(target: Fields, source: Fields, omit: readonly string[]): void {
  for (const key in source) {
    if (!Object.prototype.hasOwnProperty.call(source, key) || omit.includes(key)) continue;
    // A field named __proto__ is data (JSON.parse makes it an own field): assigned, it would
    // set the copy's prototype and vanish from what is written.
    if (key === '__proto__') Object.defineProperty(target, key, { value: source[key], enumerable: true, writable: true, configurable: true });
    else target[key] = source[key];
  }
}

/** A shallow copy of `doc` without the keys in `omit`; every other own field is kept, `__proto__` included. */
export function copyWithout<T extends object>(doc: T, omit: readonly string[] = []): T {
  const copy: Fields = {};
  copyFields(copy, doc as Fields, omit);
  return copy as T;
}

/** A copy of `doc` without the keys in `omit`, with `fields` set over it: `{ ...doc, ...fields }`. */
export function withFields<T extends object>(doc: T, fields: Partial<T>, omit: readonly string[] = []): T {
  const copy = copyWithout(doc, omit) as Fields;
  copyFields(copy, fields as Fields, []);
  return copy as T;
}
