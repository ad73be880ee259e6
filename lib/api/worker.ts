// The library's in-process worker: serves one worker name with jobs given as functions (or a
// jobs folder), in the caller's process, with typed events. It is the worker `after start`
// runs (lib/worker/worker.ts), given a database from a URL.
import { EventEmitter } from 'node:events';
import { ConfigError } from '../config/errors';
import { readWholeNumber } from '../config/whole-number';
import type { JobTask } from '../jobs/job-task';
import { JobRegistry } from '../jobs/registry';
import type { JobOutcome } from '../jobs/types';
import { parseTtl } from '../config/ttl';
import type { DelaySpec, TaskDoc } from '../task/types';
import { CouchStore } from '../db/couch-store';
import { Worker as TaskWorker } from '../worker/worker';
import { databaseOf } from './client';
import { TaskFailedError } from './errors';
import type { ConnectOptions } from './types';
import { messageOf } from '../log';

/**
 * A job: gets the task (an EventEmitter with `id`, `date`, `job.name`, `job.arguments`, `doc`
 * and `signal`) and settles with its return value or promise, or `task.emit('done', result)`;
 * a throw, a rejection or `task.emit('error', err)` is a failure. The result must be JSON.
 */
// `any`: the arguments are whatever JSON the task holds; a job may declare them (JobTask<[string]>).
export type JobFunction = (task: JobTask<any>) => unknown;

export interface WorkerOptions extends ConnectOptions {
  /** The worker name served: the tasks whose `worker` field is this. */
  name: string;
  /** The jobs by name, as functions; or the path of a jobs folder, as `after start --jobs` takes. */
  jobs: Readonly<Record<string, JobFunction>> | string;
  /** At most this many jobs at once. Default 1000. */
  concurrency?: number;
  /** How long a claim lasts without renewal before another process may run the task again (ms, at least 1000). Default 30,000. */
  leaseMs?: number;
  /** Tasks due within this window are held in memory; later ones wait in the database (ms, at least 1000). Default 600,000. */
  horizonMs?: number;
  /** How long `stop()` lets running jobs finish before handing them back (ms). Default 10,000. */
  stopGraceMs?: number;
  /** Install (true) or remove (false) the database's own refusal of invalid tasks at start; absent keeps it. */
  validateOnWrite?: boolean;
  /**
   * How long a finished task (`done`, `error`, `canceled`) without a `ttl` of its own is kept, then
   * deleted: ms, a duration object or an ISO 8601 duration, as a task's `ttl`. Default: kept.
   */
  ttl?: DelaySpec;
  /** Gets the worker's log lines (start, stop, outages, each run); none by default. They never hold a password. */
  log?: (line: string) => void;
}

/** The events of a Worker and their arguments. */
export interface WorkerEvents {
  /** A run ended well: its result, and the task as written (`done`, or `waiting` for its next date if it repeats). */
  done: [id: string, result: unknown, task: TaskDoc];
  /** A run failed: the error carries the job's message; the task as written (`error`, or `waiting` for a retry or its next date). */
  failed: [id: string, error: TaskFailedError, task: TaskDoc];
}

export type WorkerEvent = keyof WorkerEvents;
export type WorkerListener<E extends WorkerEvent> = (...args: WorkerEvents[E]) => void;

const SETTINGS = [
  ['concurrency', 1], ['leaseMs', 1000], ['horizonMs', 1000], ['stopGraceMs', 0],
] as const;

export class Worker {
  private readonly events = new EventEmitter();
  private readonly worker: TaskWorker;
  private readonly log: (line: string) => void;
  private started: Promise<void> | null = null;
  /** The worker name served. */
  readonly name: string;

  constructor(options: WorkerOptions) {
    if (typeof options?.name !== 'string' || options.name === '') {
      throw new ConfigError(`option name ${JSON.stringify(options?.name)} is not a worker name; use a non-empty string such as "billing"`);
    }
    for (const [key, min] of SETTINGS) {
      const value = options[key];
      if (value !== undefined && (typeof value !== 'number' || readWholeNumber(value, min, Number.MAX_SAFE_INTEGER) === undefined)) {
        throw new ConfigError(`option ${key} ${JSON.stringify(value)} is not a whole number >= ${min}`);
      }
    }
    this.name = options.name;
    this.log = options.log ?? (() => {});
    const jobs = typeof options.jobs === 'string' ? JobRegistry.load(options.jobs) : JobRegistry.fromFunctions(options.jobs);
    this.worker = new TaskWorker({
      name: options.name,
      store: new CouchStore(databaseOf(options), { log: this.log }),
      jobs,
      log: this.log,
      concurrency: options.concurrency,
      leaseMs: options.leaseMs,
      horizonMs: options.horizonMs,
      stopGraceMs: options.stopGraceMs,
      validateOnWrite: options.validateOnWrite,
      defaultTtlMs: options.ttl === undefined ? undefined : parseTtl(options.ttl, 'option'),
      onOutcome: (written, outcome) => this.tell(written, outcome),
    });
  }

  /** This process's id among the processes serving the name, as written in a running task's `lease.by`. */
  get processId(): string {
    return this.worker.processId;
  }

  on<E extends WorkerEvent>(event: E, listener: WorkerListener<E>): this {
    this.events.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<E extends WorkerEvent>(event: E, listener: WorkerListener<E>): this {
    this.events.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<E extends WorkerEvent>(event: E, listener: WorkerListener<E>): this {
    this.events.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /**
   * Prepares the database (creates it and its design document when missing) and starts serving;
   * resolves once new tasks are served (the tasks already there are loaded in the background).
   * While the database cannot be reached it waits and tries again. Once only.
   */
  start(): Promise<void> {
    if (this.started) return Promise.reject(new Error(`worker '${this.name}' was started already; a Worker starts once`));
    this.started = this.worker.start();
    return this.started;
  }

  /** Graceful stop: no new work; running jobs get `stopGraceMs`, then are handed back. */
  async stop(): Promise<void> {
    if (!this.started) return;
    // A start under way (waiting for the database, say) ends without serving anything.
    await this.worker.stop();
    await this.started.catch(() => {});
  }

  /** Tells the listeners of a run's outcome; a listener that throws is logged, and the others and the worker go on. */
  private tell(task: TaskDoc, outcome: JobOutcome): void {
    const id = task._id;
    if (outcome.kind === 'done') this.emit('done', id, [id, outcome.result, task]);
    else if (outcome.kind === 'error') this.emit('failed', id, [id, new TaskFailedError(`task ${id} failed: ${outcome.message}`, task), task]);
  }

  /** Calls each listener on its own: EventEmitter's emit would stop at the first that throws. */
  private emit<E extends WorkerEvent>(event: E, id: string, args: WorkerEvents[E]): void {
    // rawListeners: calling a `once` wrapper also removes it, as emit does.
    for (const listener of this.events.rawListeners(event) as Array<(...a: unknown[]) => void>) {
      try {
        listener(...args);
      } catch (err) {
        this.log(`a listener of task ${id}'s outcome threw: ${messageOf(err)}`);
      }
    }
  }
}
