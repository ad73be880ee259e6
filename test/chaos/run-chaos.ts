// `npm run chaos [-- --minutes N]` (not in CI): three worker processes on one name and the
// embedded database under a steady load of tasks, while worker processes are killed with
// SIGKILL or stopped gracefully (SIGTERM) and replaced, and the database is killed and
// restarted. At the end it waits for every task to settle and reports lost / doubled / stuck
// counts, which must all be 0. A task run twice counts as doubled unless every earlier run
// was in a process killed with SIGKILL: a graceful stop lets started jobs finish and hands
// back the rest, so nothing it held may run again.
// With --couch, it runs on a fresh database of a real CouchDB instead, each worker process on
// another node, and the database havoc stops and starts one node with --node-stop/--node-start.
// A run that finds something prints each such task's runs and revisions, and keeps its
// temporary folder (worker logs, job events) and its database.
import fs from 'node:fs';
import path from 'node:path';
import { keepTempDir, makeTempDir, removeTempDir } from '../support/temp-dir';
import type { TasksClient } from '../support/tasks-client';
import { startWorker, type WorkerProcess } from '../support/worker-process';
import { couchChaosDb, embeddedChaosDb, type ChaosDb } from './chaos-db';
import { taskEvidence, type ProcessFate } from './chaos-evidence';
import { parseChaosFlags } from './chaos-flags';
import { chaosReport, isFinal, tasksFound } from './chaos-report';
import { readJobEvents, writeChaosJobs } from './chaos-jobs';
import { hidePasswords } from './couch-url';
import { between, sleep } from './timing';

const WORKER = 'chaos';
const PROCESSES = 3;
/** Short leases, so that killed processes' tasks come back within seconds. */
const LEASE_SECONDS = 3;
/**
 * With CouchDB nodes stopped and started: a worker talks to one node, and cannot renew its
 * leases while that node is down (1 to 4 s, plus CouchDB's own start). A lease must outlast
 * that, or the task is run again while its owner still runs it (README: the guarantee).
 */
const NODE_RESTART_LEASE_SECONDS = 20;

const log = (line: string): void => console.log(`${new Date().toISOString()} chaos: ${line}`);

/** A live worker process and the node it talks to. */
interface Slot {
  proc: WorkerProcess;
  node: number;
}

/** Posts tasks at `rate` per second until `endAt`, through a node that is up; returns the ids of those stored. */
async function postLoad(db: ChaosDb, rate: number, endAt: number): Promise<string[]> {
  const ids: string[] = [];
  while (Date.now() < endAt) {
    const batch = Array.from({ length: Math.max(1, Math.round(rate / 5)) }, () => ({
      worker: WORKER, date: Date.now() + Math.round(between(0, 3000)), job: 'work',
    }));
    try {
      const client = db.client();
      if (client) ids.push(...(await client.postMany(batch)));
    } catch {
      // the database (node) went down: this batch is not posted, so it is not counted
    }
    await sleep(200);
  }
  return ids;
}

/** Stops gracefully (a `stopShare` of the time) or kills one worker process, and starts another on its node. */
async function replaceWorker(workers: Slot[], fates: Map<number, ProcessFate>, stopShare: number, startOn: (node: number) => Promise<Slot>): Promise<void> {
  const victim = workers.splice(Math.floor(Math.random() * workers.length), 1)[0];
  const pid = victim.proc.pid;
  if (Math.random() < stopShare) {
    // Not while the database is down (the havoc events come one at a time): a stop
    // that cannot write its outcomes is a crash as far as the tasks can tell.
    log(`stopping worker ${pid}`);
    const fate: ProcessFate = { how: 'stopped', at: Date.now() };
    fates.set(pid, fate);
    fate.code = await victim.proc.stop();
    if (fate.code !== 0) log(`worker ${pid} stopped with exit code ${String(fate.code)}, not 0`);
  } else {
    fates.set(pid, { how: 'killed', at: Date.now() });
    log(`kill -9 worker ${pid}`);
    await victim.proc.kill();
  }
  workers.push(await startOn(victim.node));
}

function upClient(db: ChaosDb): TasksClient {
  const client = db.client();
  if (!client) throw new Error('no database node is up');
  return client;
}

/** Each task's status once final, or its last status when `settleBy` came first (undefined when it could not be read). */
async function settledStatus(db: ChaosDb, ids: string[], settleBy: number): Promise<Map<string, string | undefined>> {
  const read = (id: string): Promise<string | undefined> => upClient(db).get(id).then((task) => task.status, () => undefined);
  const finalStatus = new Map<string, string | undefined>();
  for (const id of ids) {
    let status = await read(id);
    while (!isFinal(status) && Date.now() < settleBy) {
      await sleep(200);
      status = await read(id);
    }
    finalStatus.set(id, status);
  }
  return finalStatus;
}

const pidsWhere = (fates: Map<number, ProcessFate>, how: ProcessFate['how']): number[] =>
  [...fates].filter(([, fate]) => fate.how === how).map(([pid]) => pid);

/** Reports what the run found; true when it found anything. */
async function report(db: ChaosDb, ids: string[], finalStatus: Map<string, string | undefined>, jobsDir: string, fates: Map<number, ProcessFate>): Promise<boolean> {
  const events = readJobEvents(jobsDir);
  const killed = new Set(pidsWhere(fates, 'killed'));
  const stopped = pidsWhere(fates, 'stopped');
  const failedStops = stopped.filter((pid) => fates.get(pid)?.code !== 0).length;
  const counts = chaosReport(ids, finalStatus, events, killed);
  log(`worker processes killed: ${killed.size}; stopped gracefully: ${stopped.length}, ${failedStops} of them with an exit code other than 0; database restarts: ${db.restarts()}`);
  console.log(JSON.stringify(counts));
  console.log(`${counts.lost} lost, ${counts.doubled} doubled, ${counts.stuck} stuck (of ${counts.tasks}; ${counts.rerunAfterCrash} rerun after a crash)`);
  const found = tasksFound(ids, finalStatus, events, killed);
  for (const [id, findings] of found) {
    console.log((await taskEvidence(upClient(db), id, findings, finalStatus.get(id), events, fates)).join('\n'));
  }
  return found.size + failedStops > 0;
}

/** Saves every worker process's output into `dir`, keeps `dir`, and says where the evidence is. */
function keepEvidence(dir: string, workers: WorkerProcess[], keptDb: string): void {
  for (const worker of workers) fs.writeFileSync(path.join(dir, `worker-${worker.pid}.log`), worker.output());
  keepTempDir(dir);
  log(`kept ${dir}: worker-<pid>.log per worker process, jobs/events.log`);
  log(`kept ${keptDb}`);
}

async function main(): Promise<void> {
  const flags = parseChaosFlags(process.argv);
  const durationMs = flags.minutes * 60_000;

  const dir = makeTempDir('after-chaos-');
  const jobsDir = writeChaosJobs(path.join(dir, 'jobs'));
  const db = flags.couch
    ? await couchChaosDb(flags.couch, flags.nodeCommands, dir, jobsDir, log)
    : await embeddedChaosDb(path.join(dir, 'db-data'), log);
  const workers: Slot[] = [];
  /** Every worker process started, for its output. */
  const started: WorkerProcess[] = [];
  const fates = new Map<number, ProcessFate>();
  // Point the workers at the chaos jobs folder.
  const leaseSeconds = flags.nodeCommands ? NODE_RESTART_LEASE_SECONDS : LEASE_SECONDS;
  const args = ['--jobs', jobsDir, '--lease', String(leaseSeconds), '--grace', '2'];
  const startOn = async (node: number): Promise<Slot> => {
    const proc = await startWorker(WORKER, db.configFile(node), args);
    started.push(proc);
    return { proc, node };
  };
  let found = false;

  try {
    for (let i = 0; i < PROCESSES; i += 1) workers.push(await startOn(i));
    const endAt = Date.now() + durationMs;

    const havoc = (async () => {
      while (Date.now() < endAt) {
        await sleep(between(2000, 6000));
        if (Date.now() >= endAt) break;
        if (db.havoc && Math.random() < flags.dbKills) await db.havoc();
        else await replaceWorker(workers, fates, flags.stops, startOn);
      }
    })();

    const [ids] = await Promise.all([postLoad(db, flags.rate, endAt), havoc]);
    log(`chaos over; ${ids.length} tasks posted; waiting for them to settle`);
    const finalStatus = await settledStatus(db, ids, Date.now() + leaseSeconds * 1000 * 4 + 60_000);
    found = await report(db, ids, finalStatus, jobsDir, fates);
    if (found) process.exitCode = 1;
  } finally {
    await Promise.all(workers.map(({ proc }) => proc.kill()));
    const keptDb = await db.close(found);
    if (found) keepEvidence(dir, started, keptDb);
    else removeTempDir(dir);
  }
}

main().catch((err: unknown) => {
  console.error(hidePasswords(`chaos: ${err instanceof Error ? err.message : String(err)}`));
  process.exit(1);
});
