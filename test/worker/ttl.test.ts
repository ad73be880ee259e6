// `ttl` end to end: the real `bin/after start` against the embedded server (or, with
// AFTER_TEST_COUCH_URL, a real CouchDB), tasks posted as curl would post them. Finished tasks
// with a ttl are deleted by their worker's sweep, found through the final_by_worker_expiry
// view whether or not the process held them; without a ttl (and no default) they are kept.
// The sweep's timing in virtual time: ttl-virtual.test.ts.
import { expect } from 'chai';
import fs from 'node:fs';
import { openRecordingWorld, type RecordingWorld } from '../support/recording-world';
import { runAfter } from '../support/run-after';
import type { TasksClient } from '../support/tasks-client';

/** A short lease: the ttl sweep runs every two leases, every 4 s. */
const LEASE = ['--lease', '2'];

/** Polls until `id` is deleted (GET answers 404); throws after `timeoutMs`. */
async function waitForDeleted(client: TasksClient, id: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // 404 (its reason is `deleted` on CouchDB, `missing` on the embedded server).
    const { status } = await client.request('GET', `/${encodeURIComponent(id)}`);
    if (status === 404) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`task ${id} was not deleted within ${timeoutMs} ms: ${JSON.stringify(await client.get(id))}`);
}

/** Waits for two more sweeps (one every 4 s with LEASE): what was not deleted by then is kept. */
const afterSweeps = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 9000));

describe('ttl: finished tasks deleted (the embedded database or AFTER_TEST_COUCH_URL, real processes)', function () {
  this.timeout(90_000);
  let world: RecordingWorld;
  let client: TasksClient;

  before(async () => {
    world = await openRecordingWorld('ttl');
    ({ client } = world);
    await world.startWorker('ttl', LEASE);
    await world.startWorker('ttl-default', [...LEASE, '--ttl', '1s']);
  });

  after(async () => {
    await world?.close();
  });

  it('deletes a done task whose ttl of 1 s ran out, and keeps a task without a ttl', async () => {
    const now = new Date().toISOString();
    const [withTtl, without] = await Promise.all([
      client.post({ worker: 'ttl', date: now, job: 'record', ttl: 1000 }),
      client.post({ worker: 'ttl', date: now, job: 'record' }),
    ]);
    const done = await client.waitForStatus(withTtl, 'done', 20_000);
    expect(done.finished_at).to.be.a('string');
    await client.waitForStatus(without, 'done', 20_000);
    await waitForDeleted(client, withTtl);
    await afterSweeps();
    expect((await client.get(without)).status).to.equal('done');
  });

  it('deletes an error task and a task a user canceled, and a final status a user wrote, counted from its first sweep', async () => {
    // Within the worker's horizon (10 minutes), so that it holds the task (`scheduled`).
    const later = new Date(Date.now() + 300_000).toISOString();
    const [failed, canceled, written] = await Promise.all([
      client.post({ worker: 'ttl', date: new Date().toISOString(), job: 'throws', ttl: 'PT1S' }),
      client.post({ worker: 'ttl', date: later, job: 'record', ttl: { seconds: 1 } }),
      client.post({ worker: 'ttl', date: later, job: 'record', status: 'canceled', ttl: { seconds: 1 } }),
    ]);
    await client.waitForStatus(failed, 'error', 20_000);
    await client.waitForStatus(canceled, 'scheduled', 20_000);
    await client.update(canceled, (task) => ({ ...task, status: 'cancel' }));
    const marked = await client.waitForStatus(canceled, 'canceled', 20_000);
    expect(marked.ended_at, 'the worker stamps when it canceled').to.be.a('string');
    await Promise.all([failed, canceled, written].map((id) => waitForDeleted(client, id)));
  });

  it('deletes, with a worker\'s default ttl, the finished tasks without a ttl of their own; a task\'s own ttl wins', async () => {
    const now = new Date().toISOString();
    const [byDefault, own, otherName] = await Promise.all([
      client.post({ worker: 'ttl-default', date: now, job: 'record' }),
      client.post({ worker: 'ttl-default', date: now, job: 'record', ttl: 'PT1H' }),
      client.post({ worker: 'ttl', date: now, job: 'record' }),
    ]);
    await Promise.all([client.waitForStatus(own, 'done', 20_000), client.waitForStatus(otherName, 'done', 20_000)]);
    await waitForDeleted(client, byDefault);
    await afterSweeps();
    expect((await client.get(own)).status).to.equal('done');
    expect((await client.get(otherName)).status, 'another name\'s default does not apply').to.equal('done');
  });

  it('after submit --ttl writes the ttl; a ttl that is no delay is refused by submit and marked error by the worker, and kept', async () => {
    const submitted = await runAfter(['submit', 'ttl', 'record', '--ttl', '1500ms', '--config', world.configFile]);
    expect(submitted.code, submitted.stderr).to.equal(0);
    const id = submitted.stdout.trim();
    expect((await client.get(id)).ttl).to.deep.equal({ ms: 1500 });
    const refused = await runAfter(['submit', 'ttl', 'record', '--ttl', '0', '--config', world.configFile]);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.include('ttl 0 is not a delay; use a number of milliseconds > 0');
    const bad = await client.post({ worker: 'ttl', date: new Date().toISOString(), job: 'record', ttl: 'a week' });
    const marked = await client.waitForStatus(bad, 'error', 20_000);
    expect((marked.error as { message: string }).message).to.match(/^ttl 'a week' is not an ISO 8601 duration/);
    await waitForDeleted(client, id);
    expect((await client.get(bad)).status).to.equal('error');
  });

  it('refuses a bad --ttl for after start, and a bad config ttl, in one line', async () => {
    const flag = await runAfter(['start', 'ttl-bad', '--ttl', 'soon', '--config', world.configFile], { timeoutMs: 20_000 });
    expect(flag.code).to.equal(2);
    expect(flag.stderr).to.match(/--ttl <duration>' argument 'soon' is invalid\. not a duration; use 30s/);
    const config = world.couch.writeConfig(world.dir, world.client.db, world.jobsDir, 'config-bad-ttl.json');
    fs.writeFileSync(config, JSON.stringify({ ...JSON.parse(fs.readFileSync(config, 'utf8')), ttl: { weeks: -1 } }));
    const file = await runAfter(['start', 'ttl-bad', '--config', config], { timeoutMs: 20_000 });
    expect(file.code).to.not.equal(0);
    expect(file.stderr.trim().split('\n')).to.have.length(1);
    expect(file.stderr).to.include(`config file ${config}: ttl {"weeks":-1} has weeks -1; use a number >= 0`);
  });
});
