import { expect } from 'chai';
import { isPlainKeysQuery } from '../../lib/server/all-docs-by-keys';
import { couchRequest, type CouchAnswer } from '../support/couch-request';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';

// The server answers `_all_docs` with plain `keys` by one get per key; every row must be the
// one PouchDB's own allDocs gives (which answers whenever another option is present).
const ADMIN = 'after:after';

describe('_all_docs with keys', function () {
  this.timeout(30_000);
  let db: EmbeddedDb;
  const request = (method: string, path: string, body?: unknown): Promise<CouchAnswer> => couchRequest(db.plainUrl, method, path, { auth: ADMIN, body });
  const keys = ['plain', 'missing', 'gone', 'split', 'plain', '_design/x', 'with-file'];

  before(async () => {
    db = await startEmbeddedDb();
    expect((await request('PUT', '/keys')).status).to.equal(201);
    await request('PUT', '/keys/plain', { a: 1 });
    await request('PUT', '/keys/_design/x', { views: {} });
    await request('PUT', '/keys/with-file', { _attachments: { 'a.txt': { content_type: 'text/plain', data: Buffer.from('hello').toString('base64') } } });
    const gone = await request('PUT', '/keys/gone', { a: 2 });
    await request('DELETE', `/keys/gone?rev=${gone.json.rev}`);
    // Two revisions of one document, as a cluster race or a replication leaves them.
    await request('POST', '/keys/_bulk_docs', {
      new_edits: false,
      docs: [{ _id: 'split', _rev: '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', side: 'a' }, { _id: 'split', _rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', side: 'b' }],
    });
  });
  after(async () => { await db.stop(); });

  for (const query of ['', '?include_docs=true', '?include_docs=true&conflicts=true', '?conflicts=true']) {
    it(`answers ${query || 'without options'} as PouchDB does: found, missing, deleted, conflicted, repeated keys`, async () => {
      const fast = await request('POST', `/keys/_all_docs${query}`, { keys });
      // update_seq=false changes nothing in the answer but takes PouchDB's own path.
      const pouch = await request('POST', `/keys/_all_docs${query}${query ? '&' : '?'}update_seq=false`, { keys });
      expect(fast.status).to.equal(200);
      expect(fast.json).to.deep.equal(pouch.json);
      expect(fast.json.rows.map((row: { key: string }) => row.key)).to.deep.equal(keys);
    });
  }

  it('shows a conflicted document\'s losing revision with conflicts=true', async () => {
    const answer = await request('POST', '/keys/_all_docs?include_docs=true&conflicts=true', { keys: ['split'] });
    expect(answer.json.rows[0].doc._rev).to.equal('1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
    expect(answer.json.rows[0].doc._conflicts).to.deep.equal(['1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']);
    expect(answer.json.total_rows).to.equal(4);
  });

  it('takes the fast path only for keys, include_docs and conflicts', () => {
    expect(isPlainKeysQuery({ keys: ['a'], include_docs: true, conflicts: true, userCtx: {}, secObj: {} })).to.equal(true);
    expect(isPlainKeysQuery({ keys: ['a'], limit: 1 })).to.equal(false);
    expect(isPlainKeysQuery({ keys: ['a'], descending: true })).to.equal(false);
    expect(isPlainKeysQuery({ keys: [1] })).to.equal(false);
    expect(isPlainKeysQuery({ include_docs: true })).to.equal(false);
  });
});
