import { expect } from 'chai';
import { builtInReduce } from '../../lib/server/views/built-in-reduce';
import { CompilationError, compileMap, compileReduce } from '../../lib/server/views/sandbox';
import { couchRequest, type CouchAnswer } from '../support/couch-request';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';

describe('views: design functions compiled once, in a sandbox', () => {
  it('gives a map function its own copy of each document, with CouchDB\'s helpers', () => {
    const emitted: unknown[][] = [];
    const map = compileMap(`function (doc) {
      doc.seen = true;
      if (isArray(doc.tags)) emit(toJSON(doc.tags), sum(doc.counts));
    };`, (key, value) => emitted.push([key, value]));
    const doc = { tags: ['a'], counts: [1, 2] };
    map(doc);
    map({ tags: 'not an array' });
    expect(emitted).to.deep.equal([['["a"]', 3]]);
    expect(doc).to.not.have.property('seen');
  });

  it('gives a map function nothing of the server: no process, no require', () => {
    const emitted: unknown[] = [];
    const map = compileMap('function (doc) { emit(typeof process, typeof require); }', (key) => emitted.push(key));
    map({});
    expect(emitted).to.deep.equal(['undefined']);
  });

  it('refuses source that is not a function', () => {
    expect(() => compileMap('42', () => undefined)).to.throw(CompilationError, /does not eval to a function/);
    expect(() => compileMap('function (doc) {', () => undefined)).to.throw(CompilationError);
  });

  it('runs JavaScript reduce functions and the built-ins', () => {
    expect(compileReduce('function (keys, values, rereduce) { return sum(values) * 2; }')(null, [1, 2, 3], false)).to.equal(12);
    expect(builtInReduce('_count')?.(null, [5, 6])).to.equal(2);
    expect(builtInReduce('_sum')?.(null, [1, [2, 3], 4])).to.deep.equal([7, 3]);
    expect(builtInReduce('_stats')?.(null, [1, 3])).to.deep.equal({ sum: 4, min: 1, max: 3, count: 2, sumsqr: 10 });
    expect(() => builtInReduce('_sum')?.(null, ['x'])).to.throw(/requires map values to be numbers/);
    expect(() => builtInReduce('_median')).to.throw(/not a supported reduce function/);
    expect(builtInReduce('function () {}')).to.equal(null);
  });
});

describe('views over HTTP', function () {
  this.timeout(30_000);
  let db: EmbeddedDb;
  const request = (method: string, path: string, body?: unknown): Promise<CouchAnswer> => couchRequest(db.plainUrl, method, path, { auth: 'after:after', body });

  before(async () => {
    db = await startEmbeddedDb();
    await request('PUT', '/views');
    await request('PUT', '/views/_design/v', {
      views: {
        byKind: { map: 'function (doc) { if (doc.kind) emit(doc.kind, doc.n); }', reduce: '_sum' },
        stats: { map: 'function (doc) { if (doc.kind) emit(doc.kind, doc.n); }', reduce: '_stats' },
        custom: { map: 'function (doc) { if (doc.kind) emit(doc.kind, doc.n); }', reduce: 'function (k, values) { return sum(values) + 1000; }' },
        fragile: { map: 'function (doc) { emit(doc.deep.field, null); }' },
      },
    });
    await request('POST', '/views/_bulk_docs', { docs: [{ _id: 'a', kind: 'x', n: 1, deep: { field: 'f1' } }, { _id: 'b', kind: 'x', n: 2 }, { _id: 'c', kind: 'y', n: 5, deep: { field: 'f3' } }] });
  });
  after(async () => { await db.stop(); });

  it('maps, reduces and groups', async () => {
    expect((await request('GET', '/views/_design/v/_view/byKind?group=true')).json.rows).to.deep.equal([{ key: 'x', value: 3 }, { key: 'y', value: 5 }]);
    expect((await request('GET', '/views/_design/v/_view/byKind?reduce=false&key="y"')).json.rows).to.deep.equal([{ id: 'c', key: 'y', value: 5 }]);
    expect((await request('GET', '/views/_design/v/_view/stats')).json.rows[0].value).to.deep.equal({ sum: 8, min: 1, max: 5, count: 3, sumsqr: 30 });
    expect((await request('GET', '/views/_design/v/_view/custom?group=true&key="x"')).json.rows).to.deep.equal([{ key: 'x', value: 1003 }]);
  });

  it('skips a document its map function fails on, and indexes the others', async () => {
    const rows = (await request('GET', '/views/_design/v/_view/fragile')).json.rows as Array<{ id: string }>;
    expect(rows.map((row) => row.id)).to.deep.equal(['a', 'c']);
  });

  it('follows updates and deletions', async () => {
    const b = await request('GET', '/views/b');
    await request('PUT', '/views/b', { ...b.json, n: 20 });
    const c = await request('GET', '/views/c');
    await request('DELETE', `/views/c?rev=${c.json._rev}`);
    expect((await request('GET', '/views/_design/v/_view/byKind?group=true')).json.rows).to.deep.equal([{ key: 'x', value: 21 }]);
  });

  it('answers 404 for a view the design document lacks', async () => {
    const answer = await request('GET', '/views/_design/v/_view/nope');
    expect(answer.status).to.equal(404);
    expect(answer.json.error).to.equal('not_found');
  });
});
