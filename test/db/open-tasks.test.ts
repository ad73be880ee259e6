import { expect } from 'chai';
import nano from 'nano';
import { bootstrap } from '../../lib/db/bootstrap';
import type { TasksDatabase } from '../../lib/db/connection';
import { openTasks } from '../../lib/db/open-tasks';
import type { TaskDoc } from '../../lib/task/types';
import { openTestCouch, type TestCouch } from '../support/test-couch';

describe('openTasks: loading a worker\'s open tasks in pages', function () {
  this.timeout(60_000);
  let couch: TestCouch;
  let database: TasksDatabase;
  const base = Date.UTC(2030, 0, 1);

  before(async () => {
    couch = await openTestCouch();
    const name = await couch.newDatabase('open_tasks');
    const server = nano({ url: couch.url });
    database = { server, db: server.use<TaskDoc>(name), name, where: name };
    await bootstrap(database);
    // 10 tasks, two of them on each date: pages of 3 end between tasks of one date.
    await database.db.bulk({ docs: Array.from({ length: 10 }, (_, i) => ({ _id: `t${i}`, worker: 'pager', job: 'noop', date: new Date(base + Math.floor(i / 2) * 1000).toISOString() })) as TaskDoc[] });
    await database.db.bulk({ docs: [{ _id: 'other', worker: 'someone-else', job: 'noop', date: new Date(base).toISOString() }, { _id: 'finished', worker: 'pager', job: 'noop', date: new Date(base).toISOString(), status: 'done' }] as TaskDoc[] });
    // On a cluster a write is answered once two copies hold it, and a view reads one copy of
    // each shard range: a read of every copy first brings the third up to date (read repair),
    // so that the view's answer does not depend on which copy answers it.
    const copies = await couch.copies(name);
    if (copies > 1) for (const id of [...Array.from({ length: 10 }, (_, i) => `t${i}`), 'other', 'finished']) await database.db.get(id, { r: copies } as Parameters<typeof database.db.get>[1]);
  });
  after(async () => { await couch.close(); });

  it('yields every open task of the worker once, in date order', async () => {
    const seen: string[] = [];
    for await (const page of openTasks(database, 'pager', {}, 3)) seen.push(...page.map((doc) => doc._id));
    expect(seen).to.deep.equal(['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
  });

  it('pages through many tasks of one date (PouchDB ignores startkey_docid, so the id is part of the key)', async () => {
    const seen: string[] = [];
    for await (const page of openTasks(database, 'pager', { untilMs: base + 1000 }, 2)) seen.push(...page.map((doc) => doc._id));
    expect(seen).to.deep.equal(['t0', 't1', 't2', 't3']);
    const later: string[] = [];
    for await (const page of openTasks(database, 'pager', { afterMs: base + 1000, untilMs: base + 3000 }, 2)) later.push(...page.map((doc) => doc._id));
    expect(later).to.deep.equal(['t4', 't5', 't6', 't7']);
  });

  it('misses none when the tasks it has yielded leave the view before the next page (a worker catching up)', async () => {
    const seen: string[] = [];
    for await (const page of openTasks(database, 'pager', {}, 3)) {
      seen.push(...page.map((doc) => doc._id));
      // Done at once, as overdue tasks are while the load goes on.
      await database.db.bulk({ docs: page.map((doc) => ({ ...doc, status: 'done' })) });
    }
    expect(seen).to.deep.equal(['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
  });
});
