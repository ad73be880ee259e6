// What an end-to-end test of the worker starts from: a tasks database on the test server (the
// embedded one, or CouchDB with AFTER_TEST_COUCH_URL), a temporary folder of recording jobs
// (recording-jobs.ts), a config naming both, and the worker processes started on it.
import path from 'node:path';
import { CONFIRM_AFTER_MS } from '../../lib/worker/claim-check';
import { writeRecordingJobs } from './recording-jobs';
import { TasksClient } from './tasks-client';
import { makeTempDir, removeTempDir } from './temp-dir';
import { openTestCouch, type TestCouch } from './test-couch';
import { startWorker, type WorkerProcess } from './worker-process';

export interface RecordingWorld {
  couch: TestCouch;
  dir: string;
  /** The jobs folder, whose runs.log recordedRuns and runsOf read. */
  jobsDir: string;
  configFile: string;
  client: TasksClient;
  /** On a cluster a claim is confirmed before its job starts (claim-check.ts): what that adds to a start. */
  confirmMs: number;
  /** Starts `after start <name>` on this world's config; close() kills it. */
  startWorker(name: string, extraArgs?: string[]): Promise<WorkerProcess>;
  /** Kills the workers, closes the server and removes the folder. */
  close(): Promise<void>;
}

/** A world named `name` (its folder's prefix and its database's name). */
export async function openRecordingWorld(name: string): Promise<RecordingWorld> {
  const dir = makeTempDir(`after-${name}-test-`);
  const jobsDir = writeRecordingJobs(path.join(dir, 'jobs'));
  const couch = await openTestCouch();
  const db = await couch.newDatabase(name.replace(/-/g, '_'));
  const configFile = couch.writeConfig(dir, db, jobsDir);
  const workers: WorkerProcess[] = [];
  return {
    couch, dir, jobsDir, configFile,
    client: new TasksClient(couch.url, db),
    confirmMs: (await couch.copies(db)) > 1 ? CONFIRM_AFTER_MS : 0,
    async startWorker(worker, extraArgs = []) {
      const started = await startWorker(worker, configFile, extraArgs);
      workers.push(started);
      return started;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.kill()));
      await couch.close();
      removeTempDir(dir);
    },
  };
}
