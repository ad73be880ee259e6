// Design-document functions (map, reduce) compiled once in a sandbox of their own, as
// CouchDB's couchjs holds them, with CouchDB's helpers. A document goes in as JSON and is
// parsed inside, so a function gets its own copy, made of the sandbox's own objects.
import vm from 'node:vm';

const HELPERS = `
var log = function () {};
var isArray = Array.isArray;
var toJSON = JSON.stringify;
var sum = function (values) { var total = 0; for (var i = 0; i < values.length; i++) total += values[i]; return total; };
var emit = function (key, value) { __emit(key, value); };
`;

/** A compilation failure, answered as PouchDB and CouchDB do (500 compilation_error). */
export class CompilationError extends Error {
  readonly status = 500;
  override readonly name = 'compilation_error';
  readonly error = true;
}

function compile<T>(source: string, emit: (key: unknown, value?: unknown) => void, call: string): T {
  const context = vm.createContext({ __emit: emit });
  let compiled: unknown;
  try {
    compiled = vm.runInContext(`${HELPERS}(function () { var __fn = (${source.replace(/;\s*$/, '')}\n); ` +
      `if (typeof __fn !== 'function') return null; return ${call}; })()`, context);
  } catch (err) {
    throw new CompilationError(`Expression does not eval to a function. ${(err as Error).message}`);
  }
  if (typeof compiled !== 'function') throw new CompilationError(`Expression does not eval to a function. ${source.slice(0, 80)}`);
  return compiled as T;
}

/** A map function: `emit` is called with what it emits for each document. */
export function compileMap(source: string, emit: (key: unknown, value?: unknown) => void): (doc: unknown) => void {
  const map = compile<(json: string) => void>(source, emit, 'function (json) { __fn(JSON.parse(json)); }');
  return (doc) => map(JSON.stringify(doc));
}

/** A reduce function written in JavaScript (not a built-in). */
export function compileReduce(source: string): (keys: unknown[] | null, values: unknown[], rereduce: boolean) => unknown {
  const reduce = compile<(keys: string, values: string, rereduce: boolean) => unknown>(source, () => undefined,
    'function (keys, values, rereduce) { return __fn(JSON.parse(keys), JSON.parse(values), rereduce); }');
  return (keys, values, rereduce) => reduce(JSON.stringify(keys), JSON.stringify(values), rereduce);
}
