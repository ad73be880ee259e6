// The setting most scenarios share: a fresh database prepared with `after setup`, the
// recording jobs folder, the worker name, and helpers to start workers and watch for done.
import fs from 'node:fs';
import path from 'node:path';
import { writeEmptyConfig } from './after-cli';
import type { BenchDatabase } from './bench-couch';
import { VIEWS } from '../../lib/db/design-doc';
import { DoneLog } from './done-log';
import { untilDatabaseIdle } from './idle-couch';
import { LogTail } from './log-tail';
import { describeNotDone, describeStarts } from './not-done';
import { readStarts, writeRecordingJobs, type StartRecord } from './recording-jobs';
import type { ScenarioContext } from './scenario';
import { exitedWorker, startWorker, type WorkerProcess } from './worker-processes';

export const WORKER_NAME = 'bench';

/** A worker's start on an empty database: generous, it is only a guard. */
const START_TIMEOUT_MS = 60_000;

/** How worker processes are started: what is added to their environment and to `after start`'s options. */
export interface WorkerOptions {
  env?: NodeJS.ProcessEnv;
  startArgs?: string[];
}

export interface ScenarioRun {
  db: BenchDatabase;
  jobsDir: string;
  workers: WorkerProcess[];
  /** Starts `count` worker processes on WORKER_NAME and waits until each has started. */
  startWorkers(count: number, options?: WorkerOptions & { startTimeoutMs?: number }): Promise<WorkerProcess[]>;
  /** Starts one worker process without waiting for it. */
  spawnWorker(options?: WorkerOptions): WorkerProcess;
  /**
   * Waits until `expected` tasks are done (the workers' log lines) and returns when the last
   * one was (epoch ms). A timeout or a dead worker fails with the end of a worker's log.
   */
  waitForDone(expected: number, timeoutMs: number): Promise<number>;
  /** Stops the workers (SIGTERM) so their start records are flushed, and reads them. */
  stopAndReadStarts(): Promise<StartRecord[]>;
  /**
   * Brings After's views up to date (one query: they share a design document's index), then
   * waits until the server's background work on this database (compaction, indexing) is over.
   * CouchDB does that work at its own pace: work a run caused but may not have paid for yet.
   * Resolves false when the server was still busy with it after two minutes.
   */
  settle(): Promise<boolean>;
  /** Stops the workers and deletes the database. */
  close(): Promise<void>;
}

export async function openScenarioRun(context: ScenarioContext, scenario: string): Promise<ScenarioRun> {
  const dbName = `bench_${scenario.replace(/[^a-z0-9]/g, '_')}_${context.run}`;
  const dir = path.join(context.dir, dbName);
  fs.mkdirSync(dir, { recursive: true });
  const db = await context.couch.newDatabase(dbName, writeEmptyConfig(dir));
  const jobsDir = writeRecordingJobs(path.join(dir, 'jobs'));
  const workers: WorkerProcess[] = [];
  const spawnWorker = (options: WorkerOptions = {}): WorkerProcess => {
    const worker = startWorker({ name: WORKER_NAME, target: db, jobsDir, dir, cleanup: context.cleanup, ...options, nodeArgs: context.nodeArgs }, workers.length);
    workers.push(worker);
    return worker;
  };
  const stopWorkers = async (): Promise<void> => {
    await Promise.all(workers.map((worker) => worker.stop()));
  };

  return {
    db,
    jobsDir,
    workers,
    spawnWorker,
    async startWorkers(count, { startTimeoutMs = START_TIMEOUT_MS, ...options } = {}) {
      const started = Array.from({ length: count }, () => spawnWorker(options));
      await Promise.all(started.map((worker) => worker.waitStarted(startTimeoutMs)));
      return started;
    },
    async waitForDone(expected, timeoutMs) {
      const done = new DoneLog(workers.map((worker) => worker.logFile), expected);
      try {
        return await done.waitForAll(timeoutMs, () => exitedWorker(workers));
      } catch (err) {
        const what = `${(err as Error).message}; ${describeStarts(jobsDir, done.doneIds)}; ${await describeNotDone(context.couch.client, db.db, WORKER_NAME)}`;
        if (exitedWorker(workers) !== null || workers.length === 0) throw new Error(what);
        throw new Error(`${what}; the end of worker ${workers[0].pid}'s log:\n${LogTail.tail(workers[0].logFile, 1500)}`);
      }
    },
    async stopAndReadStarts() {
      await stopWorkers();
      return readStarts(jobsDir);
    },
    async settle() {
      await context.couch.client.json('GET', `/${encodeURIComponent(db.db)}/_design/after/_view/${VIEWS.byWorkerStatus}?limit=0`, undefined, doneTimeoutMs(0));
      return untilDatabaseIdle(context.couch.client, db.db);
    },
    async close() {
      await stopWorkers();
      await db.drop();
    },
  };
}

/**
 * A deadline for work on N tasks: two minutes plus 100 ms a task. Generous (a stall is
 * caught sooner, see DoneLog): the embedded server indexes a view at about 5 ms a task,
 * and a worker's start-up load queries one page after page.
 */
export function doneTimeoutMs(tasks: number): number {
  return 120_000 + tasks * 100;
}
