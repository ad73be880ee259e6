// The module jobs of a jobs folder: jobs/index.js, a CommonJS module whose exports map
// job names to functions (the seed's layout), or a single named function (a job of that name).
import fs from 'node:fs';
import path from 'node:path';
import { describeValue } from './describe-value';
import { JobsFolderError } from './errors';
import type { ModuleJobFunction } from './run-module';

export const EXPECTED_INDEX = 'module.exports = { <job name>: function (task) { ... } }';

/** Loads `<dir>/index.js` afresh (never from require's cache) and checks its exports; null when there is none. */
export function loadModuleJobs(dir: string): Map<string, ModuleJobFunction> | null {
  const indexFile = path.join(dir, 'index.js');
  if (!isFile(indexFile)) return null; // a folder of executable jobs only
  const exported = moduleExports(requireFresh(indexFile));
  // The single-job form: module.exports = function generate_billing(task) { ... }
  if (typeof exported === 'function') {
    if (!exported.name) {
      throw new JobsFolderError(`${indexFile} exports an anonymous function; name it (the name is the job's) ` +
        'or export a map, e.g. module.exports = { generate_billing }');
    }
    return new Map([[exported.name, keepingTimeout(exported as ModuleJobFunction, undefined)]]);
  }
  if (typeof exported !== 'object' || exported === null || Array.isArray(exported)) {
    throw new JobsFolderError(`${indexFile} exports ${describeValue(exported)}; ` +
      'expected an object mapping job names to functions, e.g. module.exports = { generate_billing }');
  }

  const jobs = new Map<string, ModuleJobFunction>();
  for (const [name, job] of Object.entries(exported)) {
    if (typeof job !== 'function') {
      throw new JobsFolderError(`${indexFile} exports job '${name}' as ${describeValue(job)}; ` +
        'each job must be a function that takes the task');
    }
    // Called as a method of the exports, so jobs may use `this` to reach their siblings.
    jobs.set(name, keepingTimeout(job as ModuleJobFunction, exported));
  }
  return jobs;
}

function requireFresh(file: string): unknown {
  try {
    delete require.cache[require.resolve(file)];
    return require(file) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const esm = /\b(import|export)\b|ES module/.test(reason) ?
      ' (it uses import or export, so Node.js reads it as an ES module: use export default { ... } without require and module.exports, or CommonJS throughout)' : '';
    throw new JobsFolderError(`${file} failed to load (${reason})${esm}; expected CommonJS that sets ${EXPECTED_INDEX}, or export default { ... }`);
  }
}

/**
 * What an index.js exports. Node.js loads an ES module through require() too; its jobs are
 * then its default export, or else its named exports.
 */
function moduleExports(loaded: unknown): unknown {
  if (typeof loaded !== 'object' || loaded === null || Object.prototype.toString.call(loaded) !== '[object Module]') return loaded;
  const namespace = loaded as Record<string, unknown>;
  if ('default' in namespace) return namespace.default;
  return Object.fromEntries(Object.entries(namespace).filter(([name]) => name !== '__esModule'));
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The job called with `thisArg`, keeping the `timeout` property a job may set on itself. */
function keepingTimeout(job: ModuleJobFunction, thisArg: unknown): ModuleJobFunction {
  const bound: ModuleJobFunction = (task) => job.call(thisArg, task);
  return Object.assign(bound, { timeout: (job as { timeout?: unknown }).timeout });
}
