import { expect } from 'chai';
import { rejection } from '../../lib/server/validation/batch-validation';
import { couchRequest, type CouchAnswer } from '../support/couch-request';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';

// A validate_doc_update of our own, on a database of its own: the server's validation must
// behave as CouchDB's for any design document, not only After's.
const ADMIN = 'after:after';
const DB = '/vdu';

function designDoc(forbiddenWord: string): Record<string, unknown> {
  return {
    _id: '_design/check',
    validate_doc_update: `function (newDoc, oldDoc, userCtx) {
      if (newDoc._deleted) return;
      if (newDoc.word === '${forbiddenWord}') throw({ forbidden: 'the word ${forbiddenWord} is not accepted' });
      if (newDoc.word === 'secret' && userCtx.roles.indexOf('_admin') < 0) throw({ unauthorized: 'admins only' });
      if (newDoc.word === 'boom') newDoc.missing.field = 1;
      if (oldDoc && oldDoc.frozen) throw({ forbidden: 'frozen since ' + oldDoc._rev });
    }`,
  };
}

describe('validate_doc_update, a batch at a time', function () {
  this.timeout(30_000);
  let db: EmbeddedDb;
  const request = (method: string, path: string, body?: unknown): Promise<CouchAnswer> => couchRequest(db.plainUrl, method, path, { auth: ADMIN, body });

  before(async () => {
    db = await startEmbeddedDb();
    expect((await request('PUT', DB)).status).to.equal(201);
    expect((await request('PUT', `${DB}/_design/check`, designDoc('no'))).status).to.equal(201);
  });
  after(async () => { await db.stop(); });

  it('refuses the documents the function refuses and writes the others, rows in request order', async () => {
    const answer = await request('POST', `${DB}/_bulk_docs`, {
      docs: [{ _id: 'a', word: 'yes' }, { _id: 'b', word: 'no' }, { word: 'fine' }, { _id: 'c', word: 'boom' }, { _id: 'd', word: 'ok' }],
    });
    expect(answer.status).to.equal(201);
    const rows = answer.json as Array<{ id: string; ok?: boolean; error?: string; reason?: string }>;
    expect(rows.map((row) => row.id).filter((_, i) => i !== 2)).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(rows[0].ok).to.equal(true);
    expect(rows[1]).to.include({ error: 'forbidden', reason: 'the word no is not accepted' });
    expect(rows[2].ok).to.equal(true);
    expect(rows[2].id).to.match(/^[0-9a-f]{32}$/);
    expect(rows[3].error).to.equal('TypeError');
    expect(rows[4].ok).to.equal(true);
    expect((await request('GET', `${DB}/b`)).status).to.equal(404);
    expect((await request('GET', `${DB}/a`)).json.word).to.equal('yes');
  });

  it('gives a single write its status: 403 when refused, 201 when accepted', async () => {
    const refused = await request('PUT', `${DB}/single`, { word: 'no' });
    expect(refused.status).to.equal(403);
    expect(refused.json).to.deep.equal({ error: 'forbidden', reason: 'the word no is not accepted' });
    expect((await request('PUT', `${DB}/single`, { word: 'secret' })).status).to.equal(201);
  });

  it('passes the stored document as oldDoc', async () => {
    const created = await request('PUT', `${DB}/frozen`, { word: 'x', frozen: true });
    expect(created.status).to.equal(201);
    const update = await request('POST', `${DB}/_bulk_docs`, { docs: [{ _id: 'frozen', _rev: created.json.rev, word: 'y' }, { _id: 'fresh', frozen: false }] });
    expect(update.json[0]).to.include({ error: 'forbidden', reason: `frozen since ${created.json.rev}` });
    expect(update.json[1].ok).to.equal(true);
  });

  it('uses a design document\'s new revision at once, and none once it is deleted', async () => {
    const current = await request('GET', `${DB}/_design/check`);
    const changed = await request('PUT', `${DB}/_design/check`, { ...designDoc('maybe'), _rev: current.json._rev });
    expect(changed.status).to.equal(201);
    expect((await request('PUT', `${DB}/was-refused`, { word: 'no' })).status).to.equal(201);
    expect((await request('PUT', `${DB}/now-refused`, { word: 'maybe' })).status).to.equal(403);
    expect((await request('DELETE', `${DB}/_design/check?rev=${changed.json.rev}`)).status).to.equal(200);
    expect((await request('PUT', `${DB}/anything`, { word: 'maybe' })).status).to.equal(201);
  });

  it('maps what a function throws: forbidden 403, unauthorized 401, anything else 500', () => {
    expect(rejection('x', { forbidden: 'f' })).to.include({ id: 'x', status: 403, name: 'forbidden', message: 'f', error: true });
    expect(rejection('x', { unauthorized: 'u' })).to.include({ status: 401, name: 'unauthorized', message: 'u' });
    const failed = rejection('x', new RangeError('bad'));
    expect(failed).to.include({ status: 500, name: 'RangeError' });
    expect(failed.message).to.match(/^RangeError: bad/);
    expect(rejection('x', 'a string').status).to.equal(500);
  });
});
