// `npm run fuzz [-- --n N] [--seed S] [--couch URL]` (not in CI): random and mutated task
// documents, some valid, and malformed requests (fuzz-cases.ts), sent to the embedded server (or
// a real CouchDB) while two worker processes of one name serve them. It reports the documents
// refused at write; the valid tasks done once, twice and never; the documents left open past
// their date; and worker and server crashes. It exits 1 on any of those but the first, and on
// an answer 5xx of the embedded server (CouchDB answers some junk with 500 itself). The same
// --seed sends the same cases. A run that finds something keeps its folder (worker logs, runs).
import fs from 'node:fs';
import path from 'node:path';
import { hidePasswords } from '../chaos/couch-url';
import { keepTempDir, makeTempDir, removeTempDir } from '../support/temp-dir';
import { startWorker, type WorkerProcess } from '../support/worker-process';
import { fuzzCases } from './fuzz-cases';
import { parseFuzzFlags } from './fuzz-flags';
import { recordedRuns, writeFuzzJobs } from './fuzz-jobs';
import { sendCases, type Sent } from './fuzz-send';
import { couchTarget, embeddedTarget, type FuzzTarget } from './fuzz-target';
import { fuzzVerdict, type Verdict } from './fuzz-verdict';

const WORKER = 'fuzz';
const PROCESSES = 2;
/** Valid tasks are due from 0 to this long after they are sent. */
const MAX_LEAD_MS = 4000;
/** How long the tasks have to settle once everything is sent. */
const SETTLE_MS = 120_000;
/** A task still open this long after its date is stuck (a due task is claimed within about a second). */
const STUCK_AFTER_MS = 15_000;
const PAGE = 500;

const log = (line: string): void => console.log(`${new Date().toISOString()} fuzz: ${line}`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every document of the tasks database but design documents, by id. Only those whose revision
 * changed since `known` are read again: the documents of `huge` jobs weigh megabytes.
 */
async function readAll(target: FuzzTarget, known: Map<string, Record<string, unknown>>): Promise<Map<string, Record<string, unknown>>> {
  const request = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${target.base}/${target.db}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: target.authorization, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return await response.json() as T;
  };
  const { rows } = await request<{ rows: Array<{ id: string; value: { rev: string } }> }>('/_all_docs');
  const docs = new Map<string, Record<string, unknown>>();
  const changed: string[] = [];
  for (const { id, value } of rows) {
    if (id.startsWith('_design/')) continue;
    const doc = known.get(id);
    if (doc?._rev === value.rev) docs.set(id, doc);
    else changed.push(id);
  }
  for (let i = 0; i < changed.length; i += PAGE) {
    const page = await request<{ rows: Array<{ id: string; doc?: Record<string, unknown> }> }>('/_all_docs?include_docs=true', { keys: changed.slice(i, i + PAGE) });
    for (const row of page.rows) if (row.doc) docs.set(row.id, row.doc);
  }
  return docs;
}

/** Judges the database every 2 s until nothing is left to wait for, or the settle time is over. */
async function settle(target: FuzzTarget, sent: Sent, jobsDir: string, dueBy: number): Promise<Verdict> {
  const deadline = Date.now() + SETTLE_MS;
  let docs = new Map<string, Record<string, unknown>>();
  for (;;) {
    const now = Date.now();
    docs = await readAll(target, docs);
    const verdict = fuzzVerdict({
      worker: WORKER, stored: sent.stored, answers: sent.answers, refusedInBatch: sent.refusedInBatch,
      docs, runs: recordedRuns(jobsDir), dueBy, stuckBefore: now - STUCK_AFTER_MS,
    });
    const waitingFor = verdict.never + verdict.stuck;
    if ((waitingFor === 0 && now > dueBy + STUCK_AFTER_MS) || now > deadline) return verdict;
    await sleep(2000);
  }
}

/** Prints what the run found; true when it found a problem: a crash, a task stuck or not run once, a 5xx of After's own server. */
function report(flags: { n: number; seed: number }, verdict: Verdict, crashes: string[], serverErrors: Sent['serverErrors'], ownServer: boolean): boolean {
  const { stored } = verdict;
  const refused = Object.entries(verdict.refused).map(([status, n]) => `${status}: ${n}`).join(', ') || 'none';
  log(`${flags.n} cases, seed ${flags.seed}; documents stored: ${stored.valid} valid, ${stored.mutated} mutated, ${stored.random} random, ${stored.malformed} malformed`);
  log(`refused at write: ${refused}; server errors (5xx): ${verdict.serverErrors}${ownServer || verdict.serverErrors === 0 ? '' : ' (CouchDB\'s own: not counted as a problem)'}`);
  log(`valid tasks: ${verdict.validTasks}: ${verdict.doneOnce} done once, ${verdict.twice} twice, ${verdict.never} not done`);
  log(`left open past their date (repeats aside): ${verdict.stuck}; crashes: ${crashes.length}`);
  for (const line of crashes) log(line);
  for (const [label, { count, first }] of serverErrors) log(`5xx to ${count} case(s) '${label}', the first: ${first}`);
  for (const finding of verdict.findings.slice(0, 20)) {
    log(`${finding.problem}: ${finding.id} (${finding.label}) ${JSON.stringify(finding.doc ?? null).slice(0, 600)}`);
  }
  const { findings, ...counts } = verdict;
  console.log(JSON.stringify({ seed: flags.seed, ...counts, crashes: crashes.length, findings: findings.length }));
  return crashes.length + (ownServer ? verdict.serverErrors : 0) + verdict.twice + verdict.never + verdict.stuck > 0;
}

/** What went wrong with the processes: a worker that exited, or stopped with a code other than 0; a server gone; an unhandled error. */
async function crashesOf(target: FuzzTarget, workers: WorkerProcess[]): Promise<string[]> {
  const crashes: string[] = [];
  for (const worker of workers) {
    if (!worker.running()) crashes.push(`worker ${worker.pid} exited during the run`);
  }
  const server = await target.serverProblem();
  if (server) crashes.push(server);
  for (const worker of workers) {
    const code = await worker.stop();
    if (code !== 0 && code !== null) crashes.push(`worker ${worker.pid} stopped with exit code ${code}`);
    for (const line of worker.output().split('\n')) if (/unhandled|uncaught/i.test(line)) crashes.push(`worker ${worker.pid}: ${line}`);
  }
  for (const line of target.unhandledErrors()) crashes.push(`server: ${line}`);
  return crashes;
}

async function main(): Promise<void> {
  const flags = parseFuzzFlags(process.argv);
  log(`seed ${flags.seed} (the same cases again: npm run fuzz -- --n ${flags.n} --seed ${flags.seed}${flags.couch ? ' --couch ...' : ''})`);
  const dir = makeTempDir('after-fuzz-');
  const jobsDir = writeFuzzJobs(path.join(dir, 'jobs'));
  const target = flags.couch ? await couchTarget(flags.couch, dir, jobsDir) : await embeddedTarget(dir);
  const workers: WorkerProcess[] = [];
  let found = true;
  try {
    for (let i = 0; i < PROCESSES; i += 1) workers.push(await startWorker(WORKER, target.configFile(i), ['--jobs', jobsDir]));
    const cases = fuzzCases(flags.n, flags.seed, { worker: WORKER, maxLeadMs: MAX_LEAD_MS });
    const started = Date.now();
    const sent = await sendCases(target, cases);
    log(`sent ${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for the tasks to settle`);
    const verdict = await settle(target, sent, jobsDir, Date.now() + MAX_LEAD_MS);
    found = report(flags, verdict, await crashesOf(target, workers), sent.serverErrors, target.ownServer);
  } finally {
    await Promise.all(workers.map((worker) => worker.kill()));
    if (found) {
      for (const worker of workers) fs.writeFileSync(path.join(dir, `worker-${worker.pid}.log`), worker.output());
      keepTempDir(dir);
      log(`kept ${dir}: worker-<pid>.log per worker process, jobs/runs.log${flags.couch ? `, and the database ${target.db}` : ', db-data'}`);
    }
    await target.close(found);
    if (!found) removeTempDir(dir);
  }
  log(found ? 'FOUND PROBLEMS' : 'nothing found');
  process.exitCode = found ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(hidePasswords(`fuzz: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
  process.exit(1);
});
