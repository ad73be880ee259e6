// Cron repeats, zones, `repeat.limit` and `repeat.until` end to end: the real `bin/after start`
// against the embedded server (or, with AFTER_TEST_COUCH_URL, a real CouchDB), tasks posted as
// curl would post them. The DST changes themselves are in virtual time: cron-virtual.test.ts.
import { expect } from 'chai';
import { checkTask } from '../../lib/task/rules';
import type { TaskDoc } from '../../lib/task/types';
import { zoneProblem } from '../../lib/task/zone';
import { runsOf } from '../support/recording-jobs';
import { openRecordingWorld, type RecordingWorld } from '../support/recording-world';
import { runAfter } from '../support/run-after';
import { TasksClient } from '../support/tasks-client';

/** The start of a second 2 to 3 s away, in epoch ms. */
const soonSecond = (): number => Math.ceil(Date.now() / 1000) * 1000 + 2000;

/** The start of an even second 2 to 4 s away, in epoch ms. */
const soonEvenSecond = (): number => Math.ceil(Date.now() / 2000) * 2000 + 2000;

describe('cron, tz, until and limit (embedded database, real processes)', function () {
  this.timeout(60_000);
  let world: RecordingWorld;
  let client: TasksClient;
  let jobsDir: string;
  let confirmMs: number;

  before(async () => {
    world = await openRecordingWorld('cron');
    ({ client, jobsDir, confirmMs } = world);
    await world.startWorker('cron');
  });

  after(async () => {
    await world?.close();
  });

  it('runs a seconds pattern in a zone on its seconds, and ends done after `limit` runs', async () => {
    const first = soonEvenSecond();
    // Every other second, in a zone of +05:30, which the dates the worker writes show.
    const id = await client.post({ worker: 'cron', date: new Date(first).toISOString(), job: 'record', tz: 'Asia/Kolkata', repeat: { cron: '*/2 * * * * *', limit: 3 } });
    const task = await client.waitForStatus(id, 'done', 20_000);
    const runs = runsOf(jobsDir, id);
    const dates = runs.map((run) => Date.parse(String(run.date)));
    expect(dates).to.deep.equal([first, first + 2000, first + 4000]);
    for (const [i, date] of dates.entries()) {
      expect(runs[i].at, `run ${i} not before its date`).to.be.at.least(date);
      expect(runs[i].at - date, `run ${i} within its second`).to.be.below(1000 + confirmMs);
    }
    expect(String(runs[1].date)).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+05:30$/);
    expect(task).to.include({ status: 'done', runs: 3, repeat_runs: 3 });
  });

  it('runs a date written without offset at that local time in its zone (the view orders it at the earliest it can be)', async () => {
    const due = soonSecond() + 1000;
    // Local time in Asia/Kolkata (+05:30), written without offset: read as UTC it would be 5 h 30 min late.
    const local = new Date(due + 5.5 * 3_600_000).toISOString().replace('Z', '');
    const id = await client.post({ worker: 'cron', date: local, job: 'record', tz: 'Asia/Kolkata' });
    await client.waitForStatus(id, 'done', 20_000);
    const [run] = runsOf(jobsDir, id);
    expect(run.date).to.equal(local);
    expect(run.at).to.be.at.least(due);
    expect(run.at - due).to.be.below(1000 + confirmMs);
  });

  it('ends a duration repeat done once its next date would be past `until`', async () => {
    const first = soonSecond();
    const id = await client.post({ worker: 'cron', date: new Date(first).toISOString(), job: 'record', repeat: { seconds: 2, until: new Date(first + 4000).toISOString() } });
    const task = await client.waitForStatus(id, 'done', 20_000);
    expect(runsOf(jobsDir, id).map((run) => Date.parse(String(run.date)))).to.deep.equal([first, first + 2000, first + 4000]);
    expect(task).to.include({ status: 'done', runs: 3, repeat_runs: 3 });
  });

  it('marks error, with the rules\' message, a cron pattern whose field is wrong and a zone no zone has', async () => {
    const badCron = { worker: 'cron', date: new Date().toISOString(), job: 'record', repeat: { cron: '0 9 * * 8' } };
    const unknownZone = { worker: 'cron', date: new Date().toISOString(), job: 'record', tz: 'Mars/Olympus_Mons', repeat: { cron: '0 9 * * *' } };
    const [cronId, zoneId] = await Promise.all([client.post(badCron), client.post(unknownZone)]);
    const cronTask = await client.waitForStatus(cronId, 'error');
    expect((cronTask.error as { message: string }).message).to.equal(checkTask(badCron as TaskDoc))
      .and.match(/^repeat\.cron '0 9 \* \* 8' has day-of-week '8'; use 0 to 7/);
    const zoneTask = await client.waitForStatus(zoneId, 'error');
    expect((zoneTask.error as { message: string }).message).to.equal(zoneProblem('Mars/Olympus_Mons'));
    expect(runsOf(jobsDir, cronId).concat(runsOf(jobsDir, zoneId))).to.deep.equal([]);
  });

  it('with validation on write, the database refuses a wrong field with the same message; a zone no zone has is the worker\'s to refuse', async () => {
    const db = await world.couch.newDatabase('cron_validated');
    const validatedConfig = world.couch.writeConfig(world.dir, db, jobsDir);
    const validated = new TasksClient(world.couch.url, db);
    const on = await runAfter(['setup', '--validate-on-write', '--config', validatedConfig]);
    expect(on.code, on.stderr).to.equal(0);
    const refused: Array<Record<string, unknown>> = [
      { worker: 'v', date: '2030-01-01T09:00:00Z', job: 'record', repeat: { cron: '0 9 30 2 *' } },
      { worker: 'v', date: '2030-01-01T09:00:00Z', job: 'record', repeat: { cron: '0 9 * * *', limit: 0 } },
      { worker: 'v', date: '2030-01-01T09:00:00Z', job: 'record', repeat: { days: 1, until: 'soon' } },
      { worker: 'v', date: '2030-01-01T09:00:00Z', job: 'record', tz: 'Europe/', repeat: { days: 1 } },
    ];
    for (const doc of refused) {
      const answer = await validated.request('POST', '', doc);
      expect(answer.status, JSON.stringify(doc)).to.equal(403);
      expect(answer.body.reason).to.equal(checkTask(doc)).and.be.a('string');
    }
    const shapeOnly = await validated.request('POST', '', { worker: 'v', date: '2030-01-01T09:00:00Z', job: 'record', tz: 'Mars/Olympus_Mons' });
    expect(shapeOnly.status).to.be.oneOf([201, 202]);
    const local = await validated.request('POST', '', { worker: 'v', date: '2030-01-01T09:00:00', job: 'record', tz: 'Europe/Paris' });
    expect(local.status).to.be.oneOf([201, 202]);
    const good = await validated.request('POST', '', { worker: 'v', date: '2030-01-01T09:00:00+01:00', job: 'record', tz: 'Europe/Paris', repeat: { cron: '0 9 * * 1-5', until: '2030-12-31T00:00:00Z', limit: 10 } });
    expect(good.status).to.be.oneOf([201, 202]);
  });
});
