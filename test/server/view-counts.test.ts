// `_count` views on the embedded server answered from stored row counts (lib/server/views/
// row-counts.ts, count-rows.ts, count-query.ts): the same rows as PouchDB gives by reducing
// every row, through inserts, updates, deletions, an index made before counts were kept, and
// an index of too many keys. The reference is the same map reduced by a JavaScript function,
// which PouchDB answers by reading every row.
import { expect } from 'chai';
import type PouchDB from 'pouchdb';
import { stringMd5 } from 'pouchdb-md5';
import { openDataStore, type DataStore } from '../../lib/server/data-store';
import { storedCountQuery } from '../../lib/server/views/count-query';
import { DISTINCT_KEYS_KEPT, ROW_COUNTS_ID } from '../../lib/server/views/row-counts';
import { makeTempDir, removeTempDir } from '../support/temp-dir';

type Query = (view: string, opts?: Record<string, unknown>) => Promise<{ rows: unknown[] }>;

/** Keys of every JSON type, arrays of several lengths among them, a few of each. */
const MAP = `function (doc) {
  if (doc.emits) for (var i = 0; i < doc.emits.length; i++) emit(doc.emits[i], null);
}`;
const KEYS: unknown[] = [null, false, true, -1, 0, 2.5, 'a', 'b', 'B', 'é', ['w1'], ['w1', 'done'], ['w1', 'error'],
  ['w2', 'done'], ['w2', 'done', 3], ['w10', 'running'], { worker: 'w1' }, [null], [[1], 'x']];

/** The reference reduce: PouchDB answers it by reading every row. */
const COUNT_IN_JAVASCRIPT = 'function (keys, values) { return values.length; }';

/** The options compared: grouped at every level, ranged both ways, key, paged. */
const OPTION_SETS: Array<Record<string, unknown>> = [
  {}, { group: true }, { group_level: 1 }, { group_level: 2 }, { group: true, group_level: 1 },
  { group: true, descending: true }, { group_level: 1, descending: true },
  { group: true, startkey: ['w1'], endkey: ['w2', {}] }, { group: true, startkey: 'a', endkey: 'b', inclusive_end: false },
  { group: true, descending: true, startkey: ['w2', {}], endkey: ['w1'] },
  { group: true, descending: true, startkey: 'b', endkey: 'a', inclusive_end: false },
  { start_key: 0, end_key: 'z' }, { key: ['w1', 'done'] }, { group: true, key: 'a' }, { group: true, key: 'missing' },
  { group: true, limit: 3 }, { group: true, skip: 2, limit: 4 }, { group_level: 1, skip: 1 }, { group: true, limit: 0 },
  { group: true, stale: 'ok' },
];

/** A seeded pseudo-random number generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('views: _count answered from stored row counts (embedded server)', function () {
  this.timeout(60_000);
  let dir: string;
  let store: DataStore;
  let db: PouchDB.Database;
  let query: Query;
  const next = random(15);
  const someKeys = (): unknown[] => Array.from({ length: Math.floor(next() * 3) }, () => KEYS[Math.floor(next() * KEYS.length)]);

  /** Every option set: the `_count` view's rows (from counts) equal the JavaScript count's (from every row). */
  async function expectSameRows(countView: string, referenceView: string): Promise<void> {
    for (const opts of OPTION_SETS) {
      const [counted, reference] = await Promise.all([query(countView, opts), query(referenceView, opts)]);
      expect(counted.rows, JSON.stringify(opts)).to.deep.equal(reference.rows);
    }
  }

  /** Adds `views` to the design document _design/v. */
  async function addViews(views: Record<string, { map: string; reduce?: string }>): Promise<void> {
    const ddoc = (await db.get('_design/v')) as PouchDB.Document & { views: Record<string, unknown> };
    await db.put({ ...ddoc, views: { ...ddoc.views, ...views } });
  }

  /** Whether the stored counts answer `view`'s `_count` queries (null: PouchDB reads every row). */
  async function answeredFromCounts(view: string): Promise<boolean> {
    return (await storedCountQuery(db, view, { group: true }, (opts) => query(view, opts))) !== null;
  }

  const open = (): void => {
    store = openDataStore(dir);
    db = new store.PouchDB('tasks');
    query = (db as unknown as { query: Query }).query.bind(db);
  };
  const reopen = async (): Promise<void> => {
    await store.close();
    open();
  };

  before(async () => {
    dir = makeTempDir('after-view-counts-');
    open();
    await db.put({
      _id: '_design/v',
      views: {
        count: { map: MAP, reduce: '_count' },
        reference: { map: MAP, reduce: COUNT_IN_JAVASCRIPT },
      },
    });
  });
  after(async () => {
    await store.close();
    removeTempDir(dir);
  });

  it('an empty index: no rows, from the counts', async () => {
    await expectSameRows('v/count', 'v/reference');
    expect((await query('v/count', { group: true })).rows).to.deep.equal([]);
    expect(await answeredFromCounts('v/count')).to.equal(true);
  });

  it('gives the rows PouchDB gives from every row, through inserts, updates and deletions', async () => {
    await db.bulkDocs(Array.from({ length: 300 }, (_, i) => ({ _id: `t${i}`, emits: someKeys() })));
    await expectSameRows('v/count', 'v/reference');
    for (let round = 0; round < 4; round += 1) {
      const { rows } = await db.allDocs({ include_docs: true, limit: 120, startkey: `t${round}` });
      // Some change what they emit, some are deleted, some keep their keys but change otherwise.
      await db.bulkDocs(rows.map((row, i) => {
        const doc = row.doc as PouchDB.Document;
        if (i % 3 === 0) return { ...doc, _deleted: true };
        if (i % 3 === 1) return { ...doc, emits: someKeys() };
        return { ...doc, touched: round };
      }));
      await db.bulkDocs(Array.from({ length: 40 }, (_, i) => ({ _id: `r${round}-${i}`, emits: someKeys() })));
      await expectSameRows('v/count', 'v/reference');
    }
    expect(await answeredFromCounts('v/count')).to.equal(true);
  });

  it('counts an index made before its counts were kept once, at its next update, and answers right meanwhile', async () => {
    const map = `${MAP}\n// made before counts`;
    await addViews({ old: { map, reduce: '_count' }, oldReference: { map, reduce: COUNT_IN_JAVASCRIPT } });
    await query('v/old', { group: true });
    // What an index of an earlier After holds: rows and _local/lastSeq, no counts.
    const index = new store.PouchDB(`tasks-mrview-${stringMd5(`${map}_countundefined`)}`);
    const counts = await index.get(ROW_COUNTS_ID);
    await (index as unknown as { remove(doc: PouchDB.Document): Promise<unknown> }).remove(counts);
    await reopen(); // as a server of this version starts on it

    expect(await answeredFromCounts('v/old')).to.equal(false);
    await expectSameRows('v/old', 'v/oldReference');
    await db.put({ _id: 'after-upgrade', emits: [['w1', 'done']] });
    expect(await answeredFromCounts('v/old')).to.equal(true);
    await expectSameRows('v/old', 'v/oldReference');
  });

  it(`keeps no counts for an index of more than ${DISTINCT_KEYS_KEPT} keys, and still answers right`, async () => {
    const map = 'function (doc) { emit(doc._id, null); }';
    await addViews({ byId: { map, reduce: '_count' }, byIdReference: { map, reduce: COUNT_IN_JAVASCRIPT } });
    await db.bulkDocs(Array.from({ length: DISTINCT_KEYS_KEPT + 50 }, (_, i) => ({ _id: `many${i}` })));
    expect((await query('v/byId', {})).rows).to.deep.equal((await query('v/byIdReference', {})).rows);
    expect((await query('v/byId', { group: true, startkey: 'many1', limit: 5 })).rows)
      .to.deep.equal((await query('v/byIdReference', { group: true, startkey: 'many1', limit: 5 })).rows);
    expect(await answeredFromCounts('v/byId')).to.equal(false);
  });

  it('keeps no counts in the index of a view without _count (the worker\'s views)', async () => {
    const map = 'function (doc) { emit(doc._id, 1); }';
    await addViews({ mapOnly: { map }, summed: { map, reduce: '_sum' } });
    await query('v/mapOnly', { limit: 1 });
    await query('v/summed', { group: true });
    await db.put({ _id: 'one-more', emits: [] });
    await query('v/mapOnly', { limit: 1 });
    await query('v/summed', { group: true });
    for (const reduce of ['undefinedundefined', '_sumundefined']) {
      const index = new store.PouchDB(`tasks-mrview-${stringMd5(`${map}${reduce}`)}`);
      expect((await index.allDocs({ limit: 1 })).rows, `the index of ${reduce} exists`).to.have.length(1);
      const counts = await index.get(ROW_COUNTS_ID).catch((err: { status?: number }) => err.status);
      expect(counts, `counts in the index of ${reduce}`).to.equal(404);
    }
  });

  it('leaves options it does not answer, and refused ones, to PouchDB', async () => {
    expect(await storedCountQuery(db, 'v/count', { keys: [['w1', 'done']], group: true }, (opts) => query('v/count', opts))).to.equal(null);
    expect(await storedCountQuery(db, 'v/count', { group_level: -1 }, (opts) => query('v/count', opts))).to.equal(null);
    expect(await storedCountQuery(db, 'v/reference', { group: true }, (opts) => query('v/reference', opts))).to.equal(null);
    const refused = await query('v/count', { group: true, startkey: 'b', endkey: 'a' }).catch((err: Error) => err);
    expect(refused).to.be.instanceOf(Error).with.property('message').that.matches(/No rows can match your key range/);
    const byKeys = await query('v/count', { keys: [['w1', 'done'], 'a'], group: true });
    const reference = await query('v/reference', { keys: [['w1', 'done'], 'a'], group: true });
    expect(byKeys.rows).to.deep.equal(reference.rows);
  });
});
