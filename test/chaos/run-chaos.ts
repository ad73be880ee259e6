// `npm run chaos [-- --minutes N]` (not in CI): three worker processes on one name and the
// embedded database under a steady load of tasks, while worker processes are killed with
// SIGKILL or stopped gracefully (SIGTERM) and replaced, and the database is killed and
// restarted. At the end it waits for every task to settle and reports lost / doubled / stuck
// counts, which must all be 0. A task run twice counts as doubled unless every earlier run
// was in a process killed with SIGKILL: a graceful stop lets started jobs finish and hands
// back the rest, so nothing it held may run again.
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { TasksClient } from '../support/tasks-client';
import { startWorker, type WorkerProcess } from '../support/worker-process';
import { chaosReport } from './chaos-report';
import { readJobEvents, writeChaosJobs } from './chaos-jobs';

const WORKER = 'chaos';
const PROCESSES = 3;
/** Short leases, so that killed processes' tasks come back within seconds. */
const LEASE_SECONDS = 3;
/** How long the database stays down when it is killed: well under a lease renewal's reach is not promised; keep it a few seconds. */
const DB_DOWN_MS = { min: 1000, max: 4000 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const between = (min: number, max: number): number => min + Math.random() * (max - min);

/** A commander parser: the flag's value as a number that `accepts`, else commander's one-line error saying what it takes. */
function numberIn(flag: string, accepts: (n: number) => boolean, accepted: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || !accepts(n)) throw new InvalidArgumentError(`${flag} takes ${accepted}`);
    return n;
  };
}
const aboveZero = (n: number): boolean => n > 0;
const isShare = (n: number): boolean => n >= 0 && n <= 1;

async function main(): Promise<void> {
  const flags = new Command('chaos')
    .option('--minutes <n>', 'how long to inflict chaos', numberIn('--minutes', aboveZero, 'a number of minutes above 0'), 5)
    .option('--rate <tasks-per-second>', 'tasks posted per second', numberIn('--rate', aboveZero, 'a number above 0'), 50)
    .option('--db-kills <share>', 'the share of havoc events that kill the database (0 to 1)', numberIn('--db-kills', isShare, 'a share from 0 to 1'), 0.2)
    .option('--stops <share>', 'the share of the other havoc events that stop a worker gracefully rather than kill -9 it (0 to 1)',
      numberIn('--stops', isShare, 'a share from 0 to 1'), 0.3)
    .parse(process.argv)
    .opts<{ minutes: number; rate: number; dbKills: number; stops: number }>();
  const durationMs = flags.minutes * 60_000;
  const rate = flags.rate;

  const dir = makeTempDir('after-chaos-');
  const jobsDir = writeChaosJobs(path.join(dir, 'jobs'));
  const db: EmbeddedDb = await startEmbeddedDb();
  const configFile = db.configFile;
  const client = new TasksClient(db.url, db.db);
  const workers: WorkerProcess[] = [];
  const killed = new Set<number>();
  let stops = 0;
  /** Graceful stops that did not exit with 0: each a failure of the run. */
  let failedStops = 0;
  const ids: string[] = [];
  const log = (line: string): void => console.log(`${new Date().toISOString()} chaos: ${line}`);
  // Point the workers at the chaos jobs folder.
  const args = ['--jobs', jobsDir, '--lease', String(LEASE_SECONDS), '--grace', '2'];

  try {
    for (let i = 0; i < PROCESSES; i += 1) workers.push(await startWorker(WORKER, configFile, args));
    const endAt = Date.now() + durationMs;
    let dbDown = false;

    const load = (async () => {
      while (Date.now() < endAt) {
        const batch = Array.from({ length: Math.max(1, Math.round(rate / 5)) }, () => ({
          worker: WORKER, date: Date.now() + Math.round(between(0, 3000)), job: 'work',
        }));
        try {
          if (!dbDown) ids.push(...(await client.postMany(batch)));
        } catch {
          // the database is down: this batch is not posted, so it is not counted
        }
        await sleep(200);
      }
    })();

    const havoc = (async () => {
      while (Date.now() < endAt) {
        await sleep(between(2000, 6000));
        if (Date.now() >= endAt) break;
        if (Math.random() < flags.dbKills) {
          dbDown = true;
          log('killing the database');
          await db.kill();
          await sleep(between(DB_DOWN_MS.min, DB_DOWN_MS.max));
          await db.restart();
          dbDown = false;
          log('database restarted');
        } else {
          const victim = workers.splice(Math.floor(Math.random() * workers.length), 1)[0];
          if (Math.random() < flags.stops) {
            // Not while the database is down (the havoc events come one at a time): a stop
            // that cannot write its outcomes is a crash as far as the tasks can tell.
            log(`stopping worker ${victim.pid}`);
            const code = await victim.stop();
            stops += 1;
            if (code !== 0) {
              failedStops += 1;
              log(`worker ${victim.pid} stopped with exit code ${String(code)}, not 0`);
            }
          } else {
            killed.add(victim.pid);
            log(`kill -9 worker ${victim.pid}`);
            await victim.kill();
          }
          workers.push(await startWorker(WORKER, configFile, args));
        }
      }
    })();

    await Promise.all([load, havoc]);
    log(`chaos over; ${ids.length} tasks posted; waiting for them to settle`);
    const settleBy = Date.now() + LEASE_SECONDS * 1000 * 4 + 60_000;
    const finalStatus = new Map<string, string | undefined>();
    for (const id of ids) {
      let task = await client.get(id);
      while (!['done', 'error', 'canceled'].includes(String(task.status)) && Date.now() < settleBy) {
        await sleep(200);
        task = await client.get(id);
      }
      finalStatus.set(id, task.status);
    }
    const report = chaosReport(ids, finalStatus, readJobEvents(jobsDir), killed);
    log(`worker processes killed: ${killed.size}; stopped gracefully: ${stops}, ${failedStops} of them with an exit code other than 0`);
    console.log(JSON.stringify(report));
    console.log(`${report.lost} lost, ${report.doubled} doubled, ${report.stuck} stuck (of ${report.tasks}; ${report.rerunAfterCrash} rerun after a crash)`);
    if (report.lost + report.doubled + report.stuck + failedStops > 0) process.exitCode = 1;
  } finally {
    await Promise.all(workers.map((worker) => worker.kill()));
    await db.stop();
    removeTempDir(dir);
  }
}

main().catch((err: unknown) => {
  console.error(`chaos: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
