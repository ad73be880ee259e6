import { expect } from 'chai';
import { rowsInRequestOrder } from '../../lib/server/bulk-docs-order';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';

describe('_bulk_docs answers in request order, as CouchDB does', function () {
  this.timeout(30_000);
  let db: EmbeddedDb;
  before(async () => { db = await startEmbeddedDb(); });
  after(async () => { await db.stop(); });

  async function bulk(docs: unknown[]): Promise<Array<{ id: string; rev?: string; error?: string }>> {
    const response = await fetch(`${db.plainUrl}/tasks/_bulk_docs`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('after:after').toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ docs }),
    });
    expect(response.status).to.equal(201);
    return (await response.json()) as Array<{ id: string; rev?: string; error?: string }>;
  }

  it('keeps the order when conflicts and successes are mixed', async () => {
    for (let round = 0; round < 10; round += 1) {
      const docs = Array.from({ length: 30 }, (_, i) => ({ _id: `order-${round}-${i}` }));
      const created = await bulk(docs);
      expect(created.map((row) => row.id)).to.deep.equal(docs.map((doc) => doc._id));
      const updates = created.map((row, i) => ({ _id: row.id, _rev: i % 3 === 0 ? '1-00000000000000000000000000000000' : row.rev }));
      const rows = await bulk(updates);
      expect(rows.map((row) => row.id)).to.deep.equal(updates.map((doc) => doc._id));
      expect(rows.map((row) => Boolean(row.error))).to.deep.equal(updates.map((_, i) => i % 3 === 0));
    }
  });

  it('gives documents sent without an _id the rows left over, in order', () => {
    const rows = rowsInRequestOrder([{ _id: 'b' }, {}, { _id: 'a' }, {}], [{ id: 'a' }, { id: 'x1' }, { id: 'b' }, { id: 'x2' }]);
    expect(rows.map((row) => row.id)).to.deep.equal(['b', 'x1', 'a', 'x2']);
  });
});
