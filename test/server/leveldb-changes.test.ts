import { expect } from 'chai';
import type PouchDB from 'pouchdb';
import { openDataStore, type DataStore } from '../../lib/server/data-store';
import { isPlainRequest, readChanges } from '../../lib/server/changes/leveldb-changes';
import type { RawLevelStore } from '../../lib/server/leveldb-store';
import { makeTempDir, removeTempDir } from '../support/temp-dir';

// The server reads past changes from LevelDB itself; every answer must be the one PouchDB's
// own changes() gives, on a database with updates, deletions, conflicts and attachments.
describe('_changes read from the LevelDB store', function () {
  this.timeout(30_000);
  let dir: string;
  let store: DataStore;
  let db: PouchDB.Database;
  let raw: RawLevelStore;
  let lastSeq: number;

  before(async () => {
    dir = makeTempDir('after-leveldb-changes-');
    store = openDataStore(dir);
    db = new store.PouchDB('changes');
    const docs = Array.from({ length: 600 }, (_, i) => ({ _id: `task-${String(i).padStart(3, '0')}`, n: i, status: 'waiting' }));
    const written = await db.bulkDocs(docs);
    // Updated once (a claim), some twice (done), some deleted: older entries stay in by-sequence.
    const claimed = await db.bulkDocs(docs.filter((doc) => doc.n % 3 === 0).map((doc) => ({
      ...doc, _rev: written[doc.n].rev, status: 'running',
    })));
    await db.bulkDocs(claimed.filter((_, i) => i % 2 === 0).map((row) => ({ _id: row.id, _rev: row.rev, status: 'done' })));
    await db.bulkDocs(docs.filter((doc) => doc.n % 7 === 1).map((doc) => ({ _id: doc._id, _rev: written[doc.n].rev, _deleted: true })));
    // Conflicts as replication leaves them: a losing branch written after the winner, and a winner written after the loser.
    await db.bulkDocs([
      { _id: 'split-a', _rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', side: 'b' },
      { _id: 'split-b', _rev: '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', side: 'a' },
    ], { new_edits: false });
    await db.bulkDocs([
      { _id: 'split-a', _rev: '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', side: 'a' },
      { _id: 'split-b', _rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', side: 'b' },
    ], { new_edits: false });
    await db.put({ _id: 'with-file', _attachments: { 'a.txt': { content_type: 'text/plain', data: Buffer.from('hello').toString('base64') } } });
    await db.put({ _id: '_local/checkpoint', seq: 1 });
    await db.put({ _id: '_design/after', views: {} });
    lastSeq = Number((await db.info()).update_seq);
    raw = store.rawStore('changes') as RawLevelStore;
    expect(raw, 'the open store of the database').to.not.equal(null);
  });
  after(async () => {
    await store.close();
    removeTempDir(dir);
  });

  const openOnly = (doc: PouchDB.Document): boolean => doc.status === 'waiting' || doc.status === 'running';
  const cases: Array<[string, Omit<Parameters<typeof readChanges>[1], 'since'>]> = [
    ['no options', {}],
    ['include_docs', { include_docs: true }],
    ['include_docs and conflicts', { include_docs: true, conflicts: true }],
    ['conflicts without include_docs', { conflicts: true }],
    ['a limit', { limit: 7 }],
    ['a filter and a limit', { filter: openOnly, include_docs: true, limit: 300 }],
    ['a filter that keeps nothing', { filter: () => false }],
    ['a limit larger than a read chunk', { limit: 400, include_docs: true }],
    ['every leaf revision (style all_docs)', { style: 'all_docs' }],
    ['every leaf revision, with docs and conflicts', { style: 'all_docs', include_docs: true, conflicts: true }],
  ];
  for (const [name, options] of cases) {
    it(`answers with ${name} as PouchDB does, from every kind of since`, async () => {
      for (const since of [0, 1, 250, 599, 600, 700, lastSeq - 1, lastSeq, lastSeq + 5]) {
        const fast = await readChanges(raw, { ...options, since });
        const pouch = await db.changes({ ...options, since });
        expect(fast, `since ${since}`).to.deep.equal({ results: pouch.results, last_seq: pouch.last_seq });
      }
    });
  }

  it('reports a conflicted document with its winning revision, and a deletion as deleted', async () => {
    const { results } = await readChanges(raw, { since: 0, include_docs: true });
    const byId = new Map(results.map((change) => [change.id, change]));
    expect(byId.get('split-a')?.changes).to.deep.equal([{ rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }]);
    expect(byId.get('split-b')?.doc?.side).to.equal('b');
    expect(byId.get('task-001')?.deleted).to.equal(true);
    expect(byId.has('_local/checkpoint')).to.equal(false);
  });

  it('takes only the plain requests, and leaves the rest to PouchDB', () => {
    expect(isPlainRequest({ since: 5, limit: 10, include_docs: true, filter: () => true })).to.equal(true);
    expect(isPlainRequest({ since: 'now' })).to.equal(false);
    expect(isPlainRequest({ since: 0, descending: true })).to.equal(false);
    expect(isPlainRequest({ since: 0, conflicts: true, include_docs: true })).to.equal(true);
    expect(isPlainRequest({ since: 0, style: 'all_docs' })).to.equal(true);
    expect(isPlainRequest({ since: 0, doc_ids: ['a'] })).to.equal(false);
    expect(isPlainRequest({ since: 0, attachments: true })).to.equal(false);
  });
});
