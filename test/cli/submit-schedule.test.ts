// `after submit`'s schedule flags: --cron, --tz, --until and --limit beside --repeat, the real
// `bin/after` against the embedded server (or, with AFTER_TEST_COUCH_URL, a real CouchDB).
// No worker serves these names: the tasks are only stored, then read.
import { expect } from 'chai';
import path from 'node:path';
import { writeRecordingJobs } from '../support/recording-jobs';
import { runAfter, type AfterRun } from '../support/run-after';
import { TasksClient } from '../support/tasks-client';
import { openTestCouch, type TestCouch } from '../support/test-couch';
import { makeTempDir, removeTempDir } from '../support/temp-dir';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('after submit --cron, --tz, --until, --limit (embedded server or CouchDB, real processes)', function () {
  this.timeout(60_000);
  let couch: TestCouch;
  let dir: string;
  let configFile: string;
  let client: TasksClient;

  before(async () => {
    dir = makeTempDir('after-cli-schedule-test-');
    const jobsDir = writeRecordingJobs(path.join(dir, 'jobs'));
    couch = await openTestCouch();
    const db = await couch.newDatabase('cli_schedule');
    configFile = couch.writeConfig(dir, db, jobsDir);
    client = new TasksClient(couch.url, db);
    expect((await runAfter(['setup', '--config', configFile])).code).to.equal(0);
  });

  after(async () => {
    await couch?.close();
    removeTempDir(dir);
  });

  const submit = (...args: string[]): Promise<AfterRun> => runAfter(['submit', 'idle', 'record', ...args, '--config', configFile]);

  /** `after status idle --json`: how many tasks the name has, by status. */
  async function counts(): Promise<string> {
    const status = await runAfter(['status', 'idle', '--json', '--config', configFile]);
    expect(status.code, status.stderr).to.equal(0);
    return status.stdout;
  }

  async function stored(run: AfterRun): Promise<Record<string, unknown>> {
    expect(run.code, run.stderr).to.equal(0);
    const id = run.stdout.split('\n')[0];
    expect(id).to.match(ID);
    return client.get(id);
  }

  it('stores --cron with --tz, --until and --limit as the document\'s repeat and tz', async () => {
    const task = await stored(await submit('--at', '2030-01-07T09:00:00+01:00', '--cron', '0 9 * * 1-5', '--tz', 'Europe/Paris',
      '--until', '2030-12-31T00:00:00Z', '--limit', '10'));
    expect(task).to.deep.include({ tz: 'Europe/Paris', date: '2030-01-07T09:00:00+01:00', repeat: { cron: '0 9 * * 1-5', until: '2030-12-31T00:00:00Z', limit: 10 } });
  });

  it('puts --until and --limit beside a --repeat duration, an ISO one as its amounts; a JSON --repeat is stored as written', async () => {
    expect((await stored(await submit('--at', '2030-01-07T09:00:00Z', '--repeat', '7d', '--limit', '2'))).repeat).to.deep.equal({ d: 7, limit: 2 });
    expect((await stored(await submit('--at', '2030-01-07T09:00:00Z', '--repeat', 'P1M7D', '--until', '1924992000000'))).repeat)
      .to.deep.equal({ months: 1, days: 7, until: 1924992000000 });
    const json = '{"cron": "*/30 * * * * *", "limit": 4}';
    expect((await stored(await submit('--at', '2030-01-07T09:00:00Z', '--repeat', json))).repeat).to.deep.equal({ cron: '*/30 * * * * *', limit: 4 });
  });

  const refused: Array<[string[], string | RegExp]> = [
    [['--cron', '0 9 * * 8'], "after: option '--cron <pattern>' argument '0 9 * * 8' is invalid. repeat.cron '0 9 * * 8' has day-of-week '8'; " +
      'use 0 to 7 (0 and 7 are Sunday) or SUN to SAT, or ?, in lists (1,15), ranges (1-5) and steps (*/15, 0-30/10)'],
    [['--cron', '0 9 * *'], /^after: option '--cron <pattern>' argument '0 9 \* \*' is invalid\. repeat\.cron '0 9 \* \*' has 4 fields; use 5 fields/],
    [['--repeat', '{"cron": "0 9 30 2 *"}'], /^after: .* is invalid\. repeat\.cron '0 9 30 2 \*' has day-of-month '30', which month '2' never has: it would never run$/],
    [['--repeat', '{"days": 1, "limit": 0}'], /^after: .* is invalid\. repeat\.limit 0 is not a number of runs \(the first counted\); use a whole number >= 1$/],
    [['--tz', 'Mars/Olympus_Mons'], "after: option '--tz <zone>' argument 'Mars/Olympus_Mons' is invalid. tz 'Mars/Olympus_Mons' is not a time zone; " +
      'use an IANA zone name such as "Europe/Paris" or "America/New_York" (default "UTC")'],
    [['--repeat', '1d', '--limit', '0'], "after: option '--limit <runs>' argument '0' is invalid. use a number of runs: a whole number >= 1"],
    [['--repeat', '1d', '--until', 'soon'], /^after: option '--until <date>' argument 'soon' is invalid\. repeat\.until 'soon' is not ISO 8601/],
    [['--until', '2030-01-01T00:00:00Z'], 'after: --until and --limit end a repeat: give --repeat or --cron too'],
    [['--limit', '3'], 'after: --until and --limit end a repeat: give --repeat or --cron too'],
    [['--cron', '0 9 * * *', '--repeat', '1d'], /^after: option '--(cron <pattern>|repeat <duration>)' cannot be used with option '--(cron <pattern>|repeat <duration>)'$/],
    [['--cron', '0 9 * * *', '--wait'], /^after: option '--wait' cannot be used with option '--cron <pattern>'$/],
  ];
  for (const [args, message] of refused) {
    it(`refuses ${args.join(' ')} as a usage error (exit code 2), in one line, and stores nothing`, async () => {
      const before = await counts();
      const run = await submit(...args);
      expect(await counts()).to.equal(before);
      expect(run.code, run.stderr).to.equal(2);
      expect(run.stdout).to.equal('');
      const line = run.stderr.trimEnd();
      expect(line.split('\n'), run.stderr).to.have.length(1);
      if (typeof message === 'string') expect(line).to.equal(message);
      else expect(line).to.match(message);
    });
  }

  it('stores a date without offset with --tz as written: local time in that zone', async () => {
    const task = await stored(await submit('--at', '2030-01-07T09:00:00', '--tz', 'Europe/Paris', '--repeat', '1d'));
    expect(task).to.deep.include({ date: '2030-01-07T09:00:00', tz: 'Europe/Paris', repeat: { d: 1 } });
  });
});
