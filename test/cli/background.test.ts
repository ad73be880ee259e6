// Background processes under pm2: `after start -b`, `list`, `log`, `clean`, `stop` and `db -b`,
// the real `bin/after` with a temporary PM2_HOME against the real embedded server (or, with
// AFTER_TEST_COUCH_URL, a real CouchDB 3.x).
import type { BackgroundProcess } from '../../lib/cli/background/background-processes';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { daemonPid, isAlive, killPm2Daemon, pm2Env } from '../support/pm2-daemon';
import { runsOf, writeRecordingJobs } from '../support/recording-jobs';
import { runAfter, startAfter, type AfterRun } from '../support/run-after';
import { TasksClient } from '../support/tasks-client';
import { openTestCouch, type TestCouch } from '../support/test-couch';
import { makeTempDir, removeTempDir } from '../support/temp-dir';

const WORKER = 'bg1';

/** A row of `after list --json`. */
type ListedProcess = BackgroundProcess;

function oneLineError(run: AfterRun): string {
  expect(run.stdout).to.equal('');
  expect(run.stderr.endsWith('\n') && run.stderr.split('\n').length === 2, run.stderr).to.equal(true);
  return run.stderr.trimEnd();
}

async function untilTrue(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function answersUp(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/_up`)).status === 200;
  } catch {
    return false;
  }
}

describe('after start -b, list, log, clean, stop, db -b (pm2 with a temporary PM2_HOME)', function () {
  this.timeout(60_000);
  let dir: string;
  let pm2Home: string;
  let jobsDir: string;
  let configFile: string;
  let couch: TestCouch;
  let client: TasksClient;

  const afterCli = (...args: string[]): Promise<AfterRun> => runAfter(args, { env: { PM2_HOME: pm2Home }, cwd: dir });

  async function listed(): Promise<ListedProcess[]> {
    const run = await afterCli('list', '--json');
    expect(run.code, run.stderr).to.equal(0);
    return JSON.parse(run.stdout) as ListedProcess[];
  }

  before(async () => {
    dir = makeTempDir('after-background-test-');
    pm2Home = path.join(dir, 'pm2');
    jobsDir = writeRecordingJobs(path.join(dir, 'jobs'));
    couch = await openTestCouch();
    const db = await couch.newDatabase('background');
    configFile = couch.writeConfig(dir, db, jobsDir, 'config.json');
    client = new TasksClient(couch.url, db);
  });

  after(async () => {
    const pid = daemonPid(pm2Home);
    await killPm2Daemon(pm2Home);
    if (pid !== null) expect(isAlive(pid), `pm2 daemon ${pid}`).to.equal(false);
    await couch?.close();
    removeTempDir(dir);
  });

  it('refuses a bad -i, and -i above 1 without -b, with a usage error (exit code 2), starting nothing', async () => {
    for (const value of ['0', '65', 'x']) {
      const run = await afterCli('start', WORKER, '-b', '-i', value, '--config', configFile);
      expect(run.code).to.equal(2);
      expect(oneLineError(run)).to.equal(`after: option '-i, --instances <n>' argument '${value}' is invalid. use a number of processes: a whole number from 1 to 64`);
    }
    const foreground = await afterCli('start', WORKER, '-i', '2', '--config', configFile);
    expect(foreground.code).to.equal(2);
    expect(oneLineError(foreground)).to.equal(`after: -i 2 runs its processes under pm2: add -b (after start ${WORKER} -b -i 2)`);
    expect(await listed()).to.deep.equal([]);
  });

  it('runs several processes of one name with -b -i 3, each task once', async () => {
    const name = `${WORKER}-many`;
    const started = await afterCli('start', name, '-b', '-i', '3', '--config', configFile);
    expect(started.code, started.stderr).to.equal(0);
    expect(started.stdout).to.equal(`started worker '${name}' in the background (pm2 after-${name}, 3 processes); logs: after log ${name}\n`);
    try {
      const list = JSON.parse((await afterCli('list', '--json')).stdout) as Array<{ name: string; processes: number }>;
      expect(list.find((entry) => entry.name === name)?.processes).to.equal(3);
      const ids = await client.postMany(Array.from({ length: 30 }, () => ({ worker: name, date: Date.now() + 2000, job: 'record' })));
      for (const id of ids) await client.waitForStatus(id, 'done', 30_000);
      for (const id of ids) expect(runsOf(jobsDir, id)).to.have.length(1);
    } finally {
      const stopped = await afterCli('stop', name);
      expect(stopped.code, stopped.stderr).to.equal(0);
    }
    expect((await listed()).map((entry) => entry.name)).to.not.include(name);
  });

  it('says no worker runs when the list is empty', async () => {
    const run = await afterCli('list');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('no After worker runs in the background; start one with: after start <name> -b\n');
  });

  it('refuses stop, log and clean of a name pm2 does not hold, in one line with exit code 1', async () => {
    for (const command of ['stop', 'log', 'clean']) {
      const run = await afterCli(command, 'nobody');
      expect(run.code, command).to.equal(1);
      expect(oneLineError(run), command).to.equal("after: no worker 'nobody' is running; see: after list");
    }
  });

  it('runs a worker in the background: start -b, list, a task done, log, clean, log -f, stop', async () => {
    // A relative --config, resolved before pm2 runs the worker elsewhere.
    const started = await afterCli('start', WORKER, '-b', '--config', 'config.json', '--grace', '2');
    expect(started.code, started.stderr).to.equal(0);
    expect(started.stdout).to.equal(`started worker '${WORKER}' in the background (pm2 after-${WORKER}, 1 process); logs: after log ${WORKER}\n`);
    // Its options, the config's path made absolute; SIGKILL only after twice --grace and 5 s.
    expect(await pm2Env(pm2Home, `after-${WORKER}`)).to.deep.include({
      args: ['start', WORKER, '--grace', '2', '--config', configFile],
      pm_cwd: dir,
      kill_timeout: 9000,
      treekill: false,
      min_uptime: 5000,
      max_restarts: 5,
    });

    const again = await afterCli('start', WORKER, '-b', '--config', configFile);
    expect(again.code).to.equal(1);
    expect(oneLineError(again)).to.equal(`after: worker '${WORKER}' is already running; stop it with: after stop ${WORKER}`);

    const table = await afterCli('list');
    expect(table.code, table.stderr).to.equal(0);
    const [header, row] = table.stdout.trimEnd().split('\n');
    expect(header.split(/\s+/)).to.deep.equal(['NAME', 'PROCESSES', 'STATUS', 'UPTIME', 'RESTARTS', 'MEMORY']);
    expect(row.split(/\s+/).slice(0, 3)).to.deep.equal([WORKER, '1', 'online']);
    const [entry] = await listed();
    expect(entry).to.include({ name: WORKER, kind: 'worker', pm2_name: `after-${WORKER}`, processes: 1, status: 'online', restarts: 0 });
    expect(entry.uptime_ms).to.be.a('number');
    expect(entry.memory_bytes).to.be.above(0);

    const id = await client.post({ worker: WORKER, date: new Date().toISOString(), job: { name: 'record', arguments: ['first'] } });
    await client.waitForStatus(id, 'done', 20_000);

    const log = await afterCli('log', WORKER);
    expect(log.code, log.stderr).to.equal(0);
    expect(log.stdout).to.include(`worker '${WORKER}' started`);
    expect(log.stdout).to.include(`task ${id} (record) done`);
    expect(log.stdout).to.match(new RegExp(`==> .*after-${WORKER}-out\\.log <==`));
    const lastOne = await afterCli('log', WORKER, '-n', '1');
    expect(lastOne.stdout.split('\n').filter((line) => !line.startsWith('==> ') && line !== '')).to.have.length(1);

    const cleaned = await afterCli('clean', WORKER);
    expect(cleaned.code, cleaned.stderr).to.equal(0);
    expect(cleaned.stdout).to.match(new RegExp(`^emptied the log of worker '${WORKER}': `));
    const emptied = await afterCli('log', WORKER);
    expect(emptied.stdout).not.to.include(id);
    expect(emptied.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('==> '))).to.deep.equal([]);

    const following = startAfter(['log', WORKER, '-f'], { env: { PM2_HOME: pm2Home }, cwd: dir });
    await untilTrue('log -f printed its headers', async () => following.stdout().includes('-error.log <=='));
    const second = await client.post({ worker: WORKER, date: new Date().toISOString(), job: { name: 'record', arguments: ['second'] } });
    await untilTrue('log -f printed the second run', async () => following.stdout().includes(`task ${second} (record) done`));
    process.kill(following.pid, 'SIGINT');
    expect((await following.finished).code).to.equal(0);

    const stopped = await afterCli('stop', WORKER);
    expect(stopped.code, stopped.stderr).to.equal(0);
    expect(stopped.stdout).to.equal(`stopped worker '${WORKER}' (pm2 after-${WORKER})\n`);
    expect(await listed()).to.deep.equal([]);
    expect(runsOf(jobsDir, id)).to.have.length(1);
    expect(runsOf(jobsDir, second)).to.have.length(1);
  });

  it('runs the database in the background: db -b answers /_up, stop db ends it', async () => {
    const port = await freePort();
    const dataDir = path.join(dir, 'db-data');
    // Its own server, on this machine whatever host the suite's database is on.
    const started = await afterCli('db', '-b', '--config', configFile, '--host', '127.0.0.1', '--port', String(port), '--dir', dataDir);
    expect(started.code, started.stderr).to.equal(0);
    expect(started.stdout).to.equal(`started the database in the background (pm2 after-db) on http://127.0.0.1:${port}; logs: after log db\n`);
    await untilTrue(`GET /_up on ${port} did not answer 200`, () => answersUp(port));
    expect(fs.existsSync(dataDir)).to.equal(true);
    expect((await listed()).map((entry) => [entry.name, entry.kind, entry.status])).to.deep.equal([['db', 'database', 'online']]);

    const stopped = await afterCli('stop', 'db');
    expect(stopped.code, stopped.stderr).to.equal(0);
    expect(stopped.stdout).to.equal('stopped the database (pm2 after-db)\n');
    expect(await answersUp(port)).to.equal(false);
    expect(await listed()).to.deep.equal([]);
  });

  it('shows an example in the help of every background command', async () => {
    for (const command of ['stop', 'log', 'list', 'clean']) {
      const run = await afterCli(command, '-h');
      expect(run.code, command).to.equal(0);
      expect(run.stdout, command).to.match(new RegExp(`Examples?:\\n  after ${command}`));
    }
  });
});
