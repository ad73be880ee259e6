// The jobs a worker can run, loaded once from its jobs folder. A task's job name is only
// ever looked up in this map, never joined into a path.
import fs from 'node:fs';
import path from 'node:path';
import { describeValue } from './describe-value';
import { JobsFolderError } from './errors';
import { unknownJobMessage } from './messages';
import { findJobFiles } from './find-executable-jobs';
import { EXPECTED_INDEX, loadModuleJobs } from './load-module-jobs';
import { runExecutableJob } from './run-executable';
import { runModuleJob, type ModuleJobFunction } from './run-module';
import type { JobInput, JobOutcome } from './types';

type RegisteredJob =
  | { kind: 'module'; job: ModuleJobFunction; source: string }
  | { kind: 'executable'; file: string; source: string };

export class JobRegistry {
  private constructor(
    /** Absolute path of the jobs folder; null for jobs given as functions. */
    readonly dir: string | null,
    private readonly jobs: ReadonlyMap<string, RegisteredJob>,
    /** Files that would be executable jobs but have no execute bit, by job name. */
    private readonly notExecutable: ReadonlyMap<string, string>,
  ) {}

  /** Reads the folder now; throws JobsFolderError when it cannot be used. */
  static load(dir: string): JobRegistry {
    const absolute = path.resolve(dir);
    checkFolder(absolute);
    const jobs = new Map<string, RegisteredJob>();
    const moduleJobs = loadModuleJobs(absolute);
    for (const [name, job] of moduleJobs ?? []) {
      jobs.set(name, { kind: 'module', job, source: `index.js's '${name}'` });
    }
    const files = findJobFiles(absolute);
    for (const { name, file } of files.filter((candidate) => candidate.executable)) {
      const source = path.basename(file);
      const taken = jobs.get(name);
      if (taken) {
        throw new JobsFolderError(`jobs folder ${absolute} has two jobs named '${name}': ` +
          `${taken.source} and ${source}; rename one`);
      }
      jobs.set(name, { kind: 'executable', file, source });
    }
    if (jobs.size === 0 && moduleJobs === null) {
      throw new JobsFolderError(`jobs folder ${absolute} has no jobs: no index.js and no executable file; ` +
        `add an index.js that sets ${EXPECTED_INDEX} (it may be {}), or executable files`);
    }
    const notExecutable = new Map(files.filter(({ name, executable }) => !executable && !jobs.has(name)).map(({ name, file }) => [name, file]));
    return new JobRegistry(absolute, jobs, notExecutable);
  }

  /**
   * Jobs given as functions by name (the library's in-process worker): each runs as a job of
   * jobs/index.js does. Throws JobsFolderError when a value is not a function.
   */
  static fromFunctions(functions: Readonly<Record<string, ModuleJobFunction>>): JobRegistry {
    if (typeof functions !== 'object' || functions === null || Array.isArray(functions)) {
      throw new JobsFolderError(`jobs is ${describeValue(functions)}; expected an object mapping job names to functions, e.g. { hello: async (task) => ... }`);
    }
    const jobs = new Map<string, RegisteredJob>();
    for (const [name, job] of Object.entries(functions)) {
      if (typeof job !== 'function') {
        throw new JobsFolderError(`job '${name}' is ${describeValue(job)}; each job must be a function that takes the task`);
      }
      jobs.set(name, { kind: 'module', job, source: `the function '${name}'` });
    }
    return new JobRegistry(null, jobs, new Map());
  }

  /** Sorted. */
  names(): string[] {
    return [...this.jobs.keys()].sort();
  }

  has(name: string): boolean {
    return this.jobs.has(name);
  }

  /** What a task naming a job this registry lacks is told. */
  unknownJobMessage(name: string): string {
    return unknownJobMessage(name, this.names(), this.dir ?? undefined, this.notExecutable.get(name));
  }

  /**
   * A module job's own time-out in ms, from a `timeout` property on its function
   * (`module.exports.export_all.timeout = 60000`); undefined when it sets none.
   */
  defaultTimeout(name: string): number | undefined {
    const registered = this.jobs.get(name);
    if (registered?.kind !== 'module') return undefined;
    const timeout = (registered.job as { timeout?: unknown }).timeout;
    return typeof timeout === 'number' && timeout > 0 ? timeout : undefined;
  }

  /** Never rejects: an unknown job, like any failure, is an `error` outcome. */
  run(input: JobInput): Promise<JobOutcome> {
    const registered = this.jobs.get(input.name);
    if (!registered) {
      return Promise.resolve({ kind: 'error', message: this.unknownJobMessage(String(input.name)) });
    }
    return registered.kind === 'module'
      ? runModuleJob(registered.job, input)
      : runExecutableJob(registered.file, input);
  }
}

function checkFolder(dir: string): void {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new JobsFolderError(`jobs folder ${dir} does not exist; ` +
        'create it with an index.js or executable jobs, or point config "jobs" / --jobs at one');
    }
    throw new JobsFolderError(`jobs folder ${dir} cannot be read (${code ?? String(err)}); ` +
      'the worker needs to read it and its index.js');
  }
  if (!stats.isDirectory()) {
    throw new JobsFolderError(`jobs folder ${dir} is not a directory; ` +
      'point config "jobs" / --jobs at a folder holding an index.js');
  }
}
