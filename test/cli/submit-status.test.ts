// `after submit` and `after status`, and how the command line fails: the real `bin/after`
// against the real embedded server (or, with AFTER_TEST_COUCH_URL, a real CouchDB 3.x),
// with a real worker on a temporary jobs folder.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { buildProgram } from '../../lib/cli/main';
import { PROJECT_ROOT } from '../../lib/config/config';
import { JobRegistry } from '../../lib/jobs/registry';
import { freePort } from '../support/free-port';
import { writeRecordingJobs } from '../support/recording-jobs';
import { runAfter, startAfter, type AfterRun } from '../support/run-after';
import { TasksClient } from '../support/tasks-client';
import { openTestCouch, type TestCouch } from '../support/test-couch';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { startWorker, type WorkerProcess } from '../support/worker-process';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Sent where nothing listens: After must not print it. */
const PASSWORD = 'Sup3r-Secret-pw';

function oneLine(run: AfterRun): string {
  expect(run.stderr.split('\n'), run.stderr).to.have.length(2);
  expect(run.stderr.endsWith('\n')).to.equal(true);
  return run.stderr.trimEnd();
}

/** How After names the server at `url` in messages: the user, never the password, and always the port. */
function addressOf(url: string): string {
  const { protocol, username, hostname, port } = new URL(url);
  return `${protocol}//${username}@${hostname}:${port || 80}`;
}

describe('after submit and after status (embedded server or CouchDB, real processes)', function () {
  this.timeout(60_000);
  let couch: TestCouch;
  /** The tasks database's name. */
  let db: string;
  let dir: string;
  let configFile: string;
  let client: TasksClient;
  let worker: WorkerProcess;
  let counter = 0;
  /** The worker process serves this name; other names are never run. */
  const SERVED = 'cli';

  before(async () => {
    dir = makeTempDir('after-cli-test-');
    const jobsDir = writeRecordingJobs(path.join(dir, 'jobs'));
    couch = await openTestCouch();
    db = await couch.newDatabase('cli');
    configFile = couch.writeConfig(dir, db, jobsDir);
    client = new TasksClient(couch.url, db);
    worker = await startWorker(SERVED, configFile);
  });

  after(async () => {
    await worker?.kill();
    await couch?.close();
    removeTempDir(dir);
  });

  /** A worker name no process serves, new for each test. */
  function idleWorker(): string {
    counter += 1;
    return `idle${counter}`;
  }

  const withConfig = (...args: string[]): Promise<AfterRun> => runAfter([...args, '--config', configFile]);

  async function submitted(run: AfterRun): Promise<string> {
    expect(run.code, run.stderr).to.equal(0);
    const id = run.stdout.split('\n')[0];
    expect(id).to.match(ID);
    return id;
  }

  describe('submit', () => {
    it('prints the new id and stores the task: job arguments as JSON when they are JSON, date now, status waiting', async () => {
      const name = idleWorker();
      const before = Date.now();
      const run = await withConfig('submit', name, 'record', 'world', '3', '{"a":1}', 'true', '"7"', '[1,2]');
      expect(run.stdout).to.match(/^[0-9a-f-]{36}\n$/);
      const id = await submitted(run);
      const task = await client.get(id);
      expect(task).to.deep.include({
        _id: id,
        worker: name,
        job: { name: 'record', arguments: ['world', 3, { a: 1 }, true, '7', [1, 2]] },
        status: 'waiting',
      });
      expect(task.repeat).to.equal(undefined);
      const date = Date.parse(String(task.date));
      expect(date).to.be.within(before - 1000, Date.now());
    });

    it('--wait prints the id, then the result as JSON, and exits 0 when the task is done', async () => {
      const run = await withConfig('submit', SERVED, 'sum', '1', '2', '3', '--wait');
      expect(run.code, run.stderr).to.equal(0);
      const [id, result, rest] = run.stdout.split('\n');
      expect(id).to.match(ID);
      expect(JSON.parse(result)).to.equal(6);
      expect(rest).to.equal('');
      expect((await client.get(id)).status).to.equal('done');
    });

    it('--wait prints an object result as JSON', async () => {
      const run = await withConfig('submit', SERVED, 'record', '{"a":[1,"b"]}', '--wait', '--timeout', '20');
      expect(run.code, run.stderr).to.equal(0);
      expect(JSON.parse(run.stdout.split('\n')[1])).to.deep.equal({ echoed: [{ a: [1, 'b'] }] });
    });

    it('--wait exits 1 with the task\'s error message on stderr when the task fails', async () => {
      const run = await withConfig('submit', SERVED, 'throws', '--wait');
      expect(run.code).to.equal(1);
      const id = run.stdout.trimEnd();
      expect(id).to.match(ID);
      expect(oneLine(run)).to.equal(`after: task ${id} failed: it broke`);
      expect((await client.get(id)).status).to.equal('error');
    });

    it('--wait exits 1 when the task is canceled', async () => {
      const running = startAfter(['submit', SERVED, 'record', '--at', new Date(Date.now() + 30_000).toISOString(), '--wait', '--config', configFile]);
      while (!running.stdout().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 20));
      const id = running.stdout().trimEnd();
      await client.waitForStatus(id, 'scheduled');
      await client.update(id, (task) => ({ ...task, status: 'cancel' }));
      const run = await running.finished;
      expect(run.code).to.equal(1);
      expect(oneLine(run)).to.equal(`after: task ${id} was canceled`);
    });

    it('--timeout ends the wait with exit code 1 and one line; the task stays', async () => {
      const started = Date.now();
      const run = await withConfig('submit', idleWorker(), 'record', '--wait', '--timeout', '1');
      expect(Date.now() - started).to.be.below(10_000);
      expect(run.code).to.equal(1);
      const id = run.stdout.trimEnd();
      const [warning, timedOut] = run.stderr.trimEnd().split('\n');
      expect(warning).to.match(/^after: no live process of worker 'idle\d+' has been seen \(no heartbeat\): its open task waits until one starts \(after start idle\d+\)$/);
      expect(timedOut).to.equal(`after: task ${id} did not finish within 1 s; it is waiting and stays in the database`);
      expect((await client.get(id)).status).to.equal('waiting');
    });

    it('--at in the future makes a task the worker holds as scheduled, as an ISO date or epoch milliseconds', async () => {
      const iso = new Date(Date.now() + 60_000).toISOString();
      const isoId = await submitted(await withConfig('submit', SERVED, 'record', '--at', iso));
      expect((await client.get(isoId)).date).to.equal(iso);
      await client.waitForStatus(isoId, 'scheduled');

      const epoch = Date.now() + 60_000;
      const epochId = await submitted(await withConfig('submit', SERVED, 'record', '--at', String(epoch)));
      expect((await client.get(epochId)).date).to.equal(epoch);
      await client.waitForStatus(epochId, 'scheduled');
      for (const id of [isoId, epochId]) await client.update(id, (task) => ({ ...task, status: 'cancel' }));
    });

    const repeats: Array<[string, unknown]> = [
      ['30s', { s: 30 }], ['15m', { m: 15 }], ['2h', { h: 2 }], ['1.5h', { h: 1.5 }], ['7d', { d: 7 }], ['1w', { w: 1 }],
      ['1M', { M: 1 }], ['1y', { y: 1 }], ['1500ms', { ms: 1500 }], ['PT30S', 'PT30S'], ['P1M7D', 'P1M7D'],
      ['{"days":7}', { days: 7 }], ['{"M": 1, "d": 7}', { M: 1, d: 7 }],
    ];
    it(`--repeat stores short forms as duration objects, ISO durations and JSON objects as written (${repeats.length} forms)`, async () => {
      const name = idleWorker();
      await Promise.all(repeats.map(async ([option, stored]) => {
        const id = await submitted(await withConfig('submit', name, 'record', '--at', '2030-01-12T10:00:00Z', '--repeat', option));
        expect((await client.get(id)).repeat, option).to.deep.equal(stored);
      }));
    });

    // A flag value that cannot be used is a usage error: commander names the flag, the rules say why.
    const refused: Array<[string[], RegExp]> = [
      [['--at', 'tomorrow'], /^after: option '--at <date>' argument 'tomorrow' is invalid\. date 'tomorrow' is not ISO 8601 \(2013-01-12, .*\) or epoch milliseconds$/],
      [['--at', '2013-02-30'], /^after: option '--at <date>' argument '2013-02-30' is invalid\. date '2013-02-30' has /],
      [['--repeat', '7x'], /^after: option '--repeat <duration>' argument '7x' is invalid\. not a duration; use 30s, 15m, 2h, 7d, 1w, 1M, 1y or 1500ms, an ISO 8601 duration such as PT30S or P1M7D, or a JSON object such as '\{"days": 7\}' or '\{"cron": "0 9 \* \* 1-5"\}'$/],
      [['--repeat', '0s'], /^after: option '--repeat <duration>' argument '0s' is invalid\. repeat \{"s":0\} is shorter than a second; tasks run to the second/],
      [['--repeat', '500ms'], /^after: .* argument '500ms' is invalid\. repeat \{"ms":500\} is shorter than a second; tasks run to the second: use at least \{"seconds": 1\} or PT1S$/],
      [['--repeat', '1.5d'], /^after: .* argument '1\.5d' is invalid\. .*whole numbers/],
      [['--repeat', 'P1X'], /^after: .* argument 'P1X' is invalid\. repeat 'P1X' is not an ISO 8601 duration such as P1M7D/],
      [['--repeat', '{"D": 7}'], /^after: .* argument '\{"D": 7\}' is invalid\. repeat \{"D":7\} has unknown key 'D'; use years months weeks days/],
      [['--repeat', '{"days": 7'], /^after: .* argument '\{"days": 7' is invalid\. not valid JSON \(.*\); use 30s/],
      [['--wait', '--timeout', 'soon'], /^after: option '--timeout <seconds>' argument 'soon' is invalid\. use a number of seconds > 0, e\.g\. --timeout 30$/],
      [['--timeout', '0'], /^after: option '--timeout <seconds>' argument '0' is invalid\. use a number of seconds > 0, e\.g\. --timeout 30$/],
      [['--port', '12ab'], /^after: option '--port <n>' argument '12ab' is invalid\. use a port number: a whole number from 0 to 65535$/],
    ];
    for (const [options, message] of refused) {
      it(`refuses ${options.join(' ')} with one line, exit code 2 (usage), and stores nothing`, async () => {
        const name = idleWorker();
        const run = await withConfig('submit', name, 'record', ...options);
        expect(run.code).to.equal(2);
        expect(run.stdout).to.equal('');
        expect(oneLine(run)).to.match(message);
        expect((await runAfter(['status', name, '--json', '--config', configFile])).stdout).to.equal('{}\n');
      });
    }

    it('refuses --wait or --timeout with --repeat (a repeating task never ends) as a usage error, exit code 2', async () => {
      for (const wait of [['--wait'], ['--timeout', '5']]) {
        const run = await withConfig('submit', idleWorker(), 'record', '--repeat', '1d', ...wait);
        expect(run.code).to.equal(2);
        expect(oneLine(run)).to.match(/^after: option '--(wait|timeout <seconds>)' cannot be used with option '--repeat <duration>'$/);
      }
    });

    it('refuses a task the rules refuse before sending it (an empty worker name)', async () => {
      const run = await withConfig('submit', '', 'record');
      expect(run.code).to.equal(1);
      expect(oneLine(run)).to.equal('after: worker \'\' is not a worker name; use a non-empty string such as "billing"');
    });
  });

  describe('status', () => {
    let name: string;
    let other: string;

    before(async () => {
      name = idleWorker();
      other = idleWorker();
      const task = { worker: name, date: '2030-01-12T10:00:00Z', job: 'record' };
      await client.postMany([
        task, { ...task, status: 'waiting' }, { ...task, status: 'done' }, { ...task, status: 'error' }, { ...task, status: 'canceled' },
        { ...task, worker: other, status: 'scheduled' },
      ]);
    });

    it('prints a table: the worker, a column per status that occurs, and the total', async () => {
      const run = await withConfig('status', name);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.equal([
        'worker  waiting  done  error  canceled  total',
        `${name.padEnd(6)}        2     1      1         1      5`,
        '',
      ].join('\n'));
    });

    it('prints every worker without a name, in one table', async () => {
      const run = await withConfig('status');
      expect(run.code, run.stderr).to.equal(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines[0]).to.match(/^worker +waiting +scheduled +.*total$/);
      const row = lines.find((line) => line.startsWith(`${other} `));
      expect(row).to.match(new RegExp(`^${other} [ 0]*1 [ 0]*1$`));
    });

    it('--json prints { "<worker>": { "<status>": n } }', async () => {
      const run = await withConfig('status', '--json');
      expect(run.code, run.stderr).to.equal(0);
      const counts = JSON.parse(run.stdout) as Record<string, Record<string, number>>;
      expect(counts[name]).to.deep.equal({ waiting: 2, done: 1, error: 1, canceled: 1 });
      expect(counts[other]).to.deep.equal({ scheduled: 1 });
      expect(JSON.parse((await withConfig('status', other, '--json')).stdout)).to.deep.equal({ [other]: { scheduled: 1 } });
    });

    it('says on stderr which worker names have open tasks but no live process; not those served', async () => {
      const served = await submitted(await withConfig('submit', SERVED, 'record', '--at', '2030-01-12T10:00:00Z'));
      try {
        const run = await withConfig('status');
        expect(run.code, run.stderr).to.equal(0);
        const warnings = run.stderr.trimEnd().split('\n');
        expect(warnings).to.include(`after: no live process of worker '${name}' has been seen (no heartbeat): its 2 open tasks wait until one starts (after start ${name})`);
        expect(warnings).to.include(`after: no live process of worker '${other}' has been seen (no heartbeat): its open task waits until one starts (after start ${other})`);
        expect(run.stderr).not.to.include(`worker '${SERVED}'`);
        expect((await withConfig('status', name, '--json')).stderr).to.match(new RegExp(`^after: no live process of worker '${name}'`));
      } finally {
        await client.update(served, (task) => ({ ...task, status: 'cancel' }));
      }
    });

    it('says so when a worker has no tasks', async () => {
      const run = await withConfig('status', 'nobody-here');
      expect(run).to.deep.equal({ code: 0, stdout: 'no tasks for worker \'nobody-here\'\n', stderr: '' });
    });

    it('tells to run `after setup` when the database or its design document is missing (and so does submit)', async () => {
      const env = { AFTER_DB: 'not-set-up' };
      const expected = `after: database ${addressOf(couch.url)}/not-set-up or its design document _design/after does not exist; ` +
        'run `after setup`, or start a worker (`after start <name>`), which creates them';
      for (const args of [['status'], ['submit', 'w', 'record']]) {
        const run = await runAfter([...args, '--config', configFile], { env });
        expect(run.code).to.equal(1);
        expect(oneLine(run)).to.equal(expected);
      }
      const bare = await couch.newDatabase('bare');
      const run = await runAfter(['status', '--config', configFile], { env: { AFTER_DB: bare } });
      expect(oneLine(run)).to.include(`${bare} or its design document _design/after does not exist`);
    });
  });

  describe('errors and exit codes', () => {
    it('an unreachable database: one line with the address but never the password, exit code 1', async () => {
      const port = await freePort();
      const env = { AFTER_COUCH_URL: `http://after:${PASSWORD}@127.0.0.1:${port}` };
      for (const args of [['status'], ['submit', 'w', 'record'], ['submit', 'w', 'record', '--wait'], ['setup']]) {
        const run = await runAfter([...args, '--config', configFile], { env });
        expect(run.code, args.join(' ')).to.equal(1);
        expect(oneLine(run)).to.equal(`after: database http://after@127.0.0.1:${port}/${db} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`);
        expect(run.stdout + run.stderr).not.to.include(PASSWORD);
      }
    });

    it('--debug adds the stack trace, still without the password', async () => {
      const port = await freePort();
      const run = await runAfter(['--debug', 'status', '--config', configFile], { env: { AFTER_COUCH_URL: `http://after:${PASSWORD}@127.0.0.1:${port}` } });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/^after: database .* is unreachable: .*\n(.*\n)*\s+at /);
      expect(run.stderr).not.to.include(PASSWORD);
    });

    it('refused credentials (401): one line without the password, exit code 1', async () => {
      // A user the server does not know: CouchDB 3.4+ locks a known user out of this address for
      // 5 minutes, even with the right password, after 5 wrong ones, and this test sends 3 a run.
      const { host, password } = new URL(couch.url);
      const wrongPassword = `not-${decodeURIComponent(password)}`;
      const refusedUrl = `http://no-such-user:${encodeURIComponent(wrongPassword)}@${host}`;
      for (const args of [['status'], ['submit', 'w', 'record'], ['setup']]) {
        const run = await runAfter([...args, '--config', configFile], { env: { AFTER_COUCH_URL: refusedUrl } });
        expect(run.code).to.equal(1);
        expect(oneLine(run)).to.equal(`after: database ${addressOf(refusedUrl)}/${db} refused the credentials (401); check the login and password After was given: config "login" and "password", or those of AFTER_COUCH_URL`);
        expect(run.stderr).not.to.include(wrongPassword);
      }
    });

    it('--host, --port and --db point setup, submit, start and status at a server over AFTER_COUCH_URL\'s; its login still counts', async () => {
      const { username, password, hostname, port } = new URL(couch.url);
      const env = { AFTER_COUCH_URL: `http://${username}:${password}@127.0.0.1:${await freePort()}` };
      const flags = ['--host', hostname, '--port', port, '--db', db];
      const cwd = makeTempDir('after-flags-');
      const jobsDir = writeRecordingJobs(path.join(cwd, 'jobs'));
      const name = 'flags';
      try {
        const setup = await runAfter(['setup', ...flags], { env, cwd });
        expect(setup.code, setup.stderr).to.equal(0);
        const submit = await runAfter(['submit', name, 'record', 'x', ...flags], { env, cwd });
        expect(submit.stdout.trim(), submit.stderr).to.match(ID);
        const worker = startAfter(['start', name, '--jobs', jobsDir, ...flags], { env, cwd, timeoutMs: 60_000 });
        try {
          expect((await client.waitForStatus(submit.stdout.trim(), 'done', 20_000)).result).to.deep.equal({ echoed: ['x'] });
        } finally {
          process.kill(worker.pid, 'SIGTERM');
          await worker.finished;
        }
        const status = await runAfter(['status', name, '--json', ...flags], { env, cwd });
        expect(JSON.parse(status.stdout)).to.deep.equal({ [name]: { done: 1 } });
        const elsewhere = await runAfter(['status', name], { env, cwd });
        expect(oneLine(elsewhere)).to.match(/is unreachable: connect ECONNREFUSED/);
      } finally {
        removeTempDir(cwd);
      }
    });

    it('a jobs folder that does not exist, or has no index.js: one line, exit code 1', async () => {
      const missing = path.join(dir, 'no-such-jobs');
      const missingRun = await withConfig('start', 'x', '--jobs', missing);
      expect(missingRun.code).to.equal(1);
      expect(oneLine(missingRun)).to.match(new RegExp(`^after: jobs folder ${missing} does not exist; `));
      const empty = makeTempDir('after-empty-jobs-');
      const emptyRun = await withConfig('start', 'x', '--jobs', empty);
      removeTempDir(empty);
      expect(emptyRun.code).to.equal(1);
      expect(oneLine(emptyRun)).to.match(new RegExp(`^after: jobs folder ${empty} has no jobs: no index.js and no executable file; `));
    });

    it('usage errors exit with code 2: an unknown command or option, a missing argument', async () => {
      const cases: Array<[string[], string]> = [
        [['nope'], 'after: unknown command \'nope\''],
        [['submit', 'w', 'record', '--bogus'], 'after: unknown option \'--bogus\''],
        [['submit', 'w'], 'after: missing required argument \'job\''],
        [['status', '--json', 'a', 'b'], 'after: too many arguments for \'status\'. Expected 1 argument but got 2.'],
      ];
      for (const [args, message] of cases) {
        const run = await runAfter(args);
        expect(run.code, args.join(' ')).to.equal(2);
        expect(oneLine(run)).to.equal(message);
      }
    });

    it('no command prints the help on stderr, exit code 2; `after help <command>` is no error', async () => {
      const bare = await runAfter([]);
      expect(bare.code).to.equal(2);
      expect(bare.stdout).to.equal('');
      expect(bare.stderr).to.match(/^Usage: after \[options\] \[command\]\n/);
      const help = await runAfter(['help', 'submit']);
      expect(help.code).to.equal(0);
      expect(help.stdout).to.match(/^Usage: after submit /);
    });

    it('a reader that closes the pipe early gets no stack trace (exit code 141, as SIGPIPE)', async () => {
      const running = startAfter(['help', 'submit'], { closeStdout: true });
      const run = await running.finished;
      expect(run.stderr).to.equal('');
      expect(run.code).to.equal(141);
    });

    it('after -V prints package.json\'s version', async () => {
      const { version } = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
      expect(await runAfter(['-V'])).to.deep.equal({ code: 0, stdout: `${version}\n`, stderr: '' });
    });

    it('every flag that takes a number refuses a value it cannot use: one line naming the flag, exit code 2', async () => {
      const cases: Array<[string[], string]> = [
        [['start', 'w', '--grace', '-1'], "option '--grace <seconds>' argument '-1' is invalid. use a number of seconds >= 0, e.g. --grace 10"],
        [['start', 'w', '--lease', '0.5'], "option '--lease <seconds>' argument '0.5' is invalid. use a number of seconds >= 1, e.g. --lease 30"],
        [['start', 'w', '--horizon', 'soon'], "option '--horizon <seconds>' argument 'soon' is invalid. use a number of seconds >= 1, e.g. --horizon 600"],
        [['start', 'w', '--concurrency', '0'], "option '--concurrency <n>' argument '0' is invalid. use a number of jobs: a whole number >= 1"],
        [['start', 'w', '-b', '-i', '2.5'], "option '-i, --instances <n>' argument '2.5' is invalid. use a number of processes: a whole number from 1 to 64"],
        [['start', 'w', '--port', '70000'], "option '--port <n>' argument '70000' is invalid. use a port number: a whole number from 0 to 65535"],
        [['db', '--port', 'x'], "option '--port <n>' argument 'x' is invalid. use a port number: a whole number from 0 to 65535"],
        [['status', '--port', ''], "option '--port <n>' argument '' is invalid. use a port number: a whole number from 0 to 65535"],
        [['setup', '--port', '5984.5'], "option '--port <n>' argument '5984.5' is invalid. use a port number: a whole number from 0 to 65535"],
        [['log', 'w', '-n', 'all'], "option '-n, --lines <n>' argument 'all' is invalid. use a number of lines: a whole number >= 0"],
      ];
      for (const [args, message] of cases) {
        const run = await runAfter([...args, '--config', configFile]);
        expect(run.code, args.join(' ')).to.equal(2);
        expect(run.stdout, args.join(' ')).to.equal('');
        expect(oneLine(run), args.join(' ')).to.equal(`after: ${message}`);
      }
    });

    it('`after help <unknown>` says the command is unknown and names the commands, exit code 2', async () => {
      const run = await runAfter(['help', 'foo']);
      expect(run.code).to.equal(2);
      expect(run.stdout).to.equal('');
      expect(oneLine(run)).to.equal("after: unknown command 'foo'; the commands are start, db, setup, submit, status, show, cancel, reschedule, retry, stop, log, list, clean, dashboard");
      const general = await runAfter(['help']);
      expect(general.code).to.equal(0);
      expect(general.stdout).to.match(/^Usage: after \[options\] \[command\]/);
    });

    it('the examples of `after submit -h` name jobs the default jobs folder has', async () => {
      const help = await runAfter(['submit', '-h']);
      const jobs = [...help.stdout.matchAll(/^ {2}after submit \S+ (\S+)/gm)].map((match) => match[1]);
      expect(jobs).to.have.length.at.least(3);
      const names = JobRegistry.load(path.join(PROJECT_ROOT, 'jobs')).names();
      for (const job of jobs) expect(names, job).to.include(job);
    });

    it('every command has -h help with an example, exit code 0', async () => {
      const names = buildProgram().commands.map((command) => command.name());
      expect(names).to.include.members(['submit', 'status']);
      for (const name of names) {
        const run = await runAfter([name, '-h']);
        expect(run.code, name).to.equal(0);
        expect(run.stdout, name).to.match(new RegExp(`^Usage: after ${name} `));
        expect(run.stdout, name).to.match(/\nExamples?:\n {2}after /);
      }
    });
  });
});
