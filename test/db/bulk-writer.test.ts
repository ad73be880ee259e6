// The batching writer: against the embedded server (many writes, few requests, a conflict
// answered per document), and with a database whose answers the test releases by hand, to
// see what is in the air at once.
import { expect } from 'chai';
import nano from 'nano';
import { bootstrap } from '../../lib/db/bootstrap';
import { BulkWriter, type WriteResult } from '../../lib/db/bulk-writer';
import type { TasksDatabase } from '../../lib/db/connection';
import type { TaskDoc } from '../../lib/task/types';
import { openTestCouch, type TestCouch } from '../support/test-couch';

const task = (id: string, extra: Partial<TaskDoc> = {}): TaskDoc =>
  ({ _id: id, worker: 'writer', job: 'noop', date: '2030-01-01T00:00:00Z', ...extra }) as TaskDoc;

const quiet = (): void => undefined;

describe('BulkWriter against the embedded server', function () {
  this.timeout(60_000);
  let couch: TestCouch;
  let database: TasksDatabase;
  const batchSizes: number[] = [];

  before(async () => {
    couch = await openTestCouch();
    const name = await couch.newDatabase('bulk_writer');
    const server = nano({ url: couch.url });
    const db = server.use<TaskDoc>(name);
    // The real database; only the sizes of the requests are noted on the way.
    const counted = { ...db, bulk: (body: nano.BulkModifyDocsWrapper) => { batchSizes.push(body.docs.length); return db.bulk(body); } };
    database = { server, db: counted as nano.DocumentScope<TaskDoc>, name, where: name };
    await bootstrap(database);
  });
  after(async () => { await couch.close(); });

  it('writes 2,500 documents in requests of at most 1,000, each answered with its own revision', async () => {
    batchSizes.length = 0;
    const writer = new BulkWriter(database, { log: quiet });
    const results = await Promise.all(Array.from({ length: 2500 }, (_, i) => writer.write(task(`many-${i}`))));
    expect(results.every((result) => result.ok && /^1-/.test(result.rev))).to.equal(true);
    expect(batchSizes.reduce((a, b) => a + b, 0)).to.equal(2500);
    expect(Math.max(...batchSizes)).to.be.at.most(1000);
    expect(batchSizes.length).to.be.at.most(4);
    const stored = await database.db.get('many-2499');
    expect(stored._rev).to.equal((results[2499] as { rev: string }).rev);
  });

  it('answers a stale revision with a conflict, and the other documents of the batch still land', async () => {
    const writer = new BulkWriter(database, { log: quiet });
    const first = await writer.write(task('stale'));
    if (!first.ok) throw new Error('the first write failed');
    await writer.write(task('stale', { _rev: first.rev, status: 'scheduled' }));
    const [stale, fresh] = await Promise.all([
      writer.write(task('stale', { _rev: first.rev, status: 'running' })),
      writer.write(task('fresh')),
    ]);
    expect(stale).to.deep.equal({ ok: false, conflict: true });
    expect(fresh.ok).to.equal(true);
    expect((await database.db.get('stale')).status).to.equal('scheduled');
  });

  it('refuses a document over the size limit alone: the others of its batch land (the server refuses the whole request with 413)', async () => {
    const writer = new BulkWriter(database, { log: quiet });
    const ids = Array.from({ length: 7 }, (_, i) => `sized-${i}`);
    const results = await Promise.all(ids.map((id, i) => writer.write(task(id, i === 4 ? { result: 'x'.repeat(9_000_000) } : {}))));
    const refused = results.map((result, i) => (result.ok ? null : ids[i])).filter((id) => id !== null);
    expect(refused).to.deep.equal(['sized-4']);
    expect((results[4] as { reason: string }).reason).to.match(/413: document_too_large: sized-4$/);
    for (const id of ids.filter((other) => other !== 'sized-4')) expect((await database.db.get(id))._id).to.equal(id);
  });
});

/** A database whose `_bulk_docs` answers wait until the test releases them. */
function heldDatabase(): { database: TasksDatabase; sent: string[][]; release: () => void } {
  const sent: string[][] = [];
  const waiting: Array<() => void> = [];
  const bulk = (body: { docs: TaskDoc[] }): Promise<unknown[]> => {
    sent.push(body.docs.map((doc) => doc._id));
    return new Promise((resolve) => waiting.push(() => resolve(body.docs.map((doc) => ({ id: doc._id, ok: true, rev: '2-x' })))));
  };
  const database = { db: { bulk }, name: 'held', where: 'held' } as unknown as TasksDatabase;
  return { database, sent, release: () => waiting.splice(0).forEach((answer) => answer()) };
}

const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('BulkWriter: what is in the air at once', () => {
  it('sends a second batch while the first is unanswered, but never a third', async () => {
    const { database, sent, release } = heldDatabase();
    const writer = new BulkWriter(database, { log: quiet, maxBatch: 10 });
    const all = Promise.all(Array.from({ length: 30 }, (_, i) => writer.write(task(`t${i}`))));
    await turn();
    expect(sent.map((ids) => ids.length)).to.deep.equal([10, 10]);
    release();
    await turn();
    expect(sent.map((ids) => ids.length)).to.deep.equal([10, 10, 10]);
    release();
    expect((await all).every((result: WriteResult) => result.ok)).to.equal(true);
  });

  it('holds a second write of a document until the first one is answered', async () => {
    const { database, sent, release } = heldDatabase();
    const writer = new BulkWriter(database, { log: quiet });
    const first = writer.write(task('same', { status: 'running' }));
    await turn();
    const second = writer.write(task('same', { status: 'done' }));
    const other = writer.write(task('other'));
    await turn();
    expect(sent, 'the other document goes; the second write of "same" waits').to.deep.equal([['same'], ['other']]);
    release();
    await first;
    await turn();
    expect(sent).to.deep.equal([['same'], ['other'], ['same']]);
    release();
    await Promise.all([second, other]);
  });

  it('sends a write that may wait with the next write that may not, or on its own once its wait is over', async () => {
    const { database, sent, release } = heldDatabase();
    const writer = new BulkWriter(database, { log: quiet, lingerMs: 2 });
    const outcome = writer.write(task('outcome'), 300);
    await turn();
    expect(sent, 'within its wait, alone: not sent').to.deep.equal([]);
    const claim = writer.write(task('claim'));
    await turn();
    expect(sent, 'the write that may not wait takes it along').to.deep.equal([['outcome', 'claim']]);
    release();
    await Promise.all([outcome, claim]);

    const startMs = Date.now();
    const alone = writer.write(task('alone'), 150);
    while (sent.length < 2) await turn();
    expect(Date.now() - startMs, 'sent once its wait is over').to.be.within(140, 5_000);
    release();
    await alone;
  });

  it('sends what waits at once when hurried (a stop), and every later write too', async () => {
    const { database, sent, release } = heldDatabase();
    const writer = new BulkWriter(database, { log: quiet });
    const waiting = writer.write(task('waiting'), 60_000);
    await turn();
    expect(sent).to.deep.equal([]);
    writer.hurry();
    await turn();
    expect(sent).to.deep.equal([['waiting']]);
    const later = writer.write(task('later'), 60_000);
    await turn();
    expect(sent).to.deep.equal([['waiting'], ['later']]);
    release();
    await Promise.all([waiting, later]);
  });

  it('drain waits for the writes in the air, or at most maxWaitMs', async () => {
    const { database, release } = heldDatabase();
    const writer = new BulkWriter(database, { log: quiet });
    await writer.drain(10_000); // nothing queued: at once
    const written = writer.write(task('slow'));
    let drained = false;
    const drain = writer.drain(10_000).then(() => { drained = true; });
    await turn();
    expect(drained, 'still in the air').to.equal(false);
    release();
    await Promise.all([written, drain]);
    expect(drained).to.equal(true);

    const unanswered = writer.write(task('never answered in time'));
    const startMs = Date.now();
    await writer.drain(50);
    expect(Date.now() - startMs).to.be.within(40, 5_000);
    const aborted = new AbortController();
    const drainUntilAborted = writer.drain(10_000, aborted.signal);
    aborted.abort();
    await drainUntilAborted;
    release();
    await unanswered;
  });
});
