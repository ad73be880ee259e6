// Where CouchDB 3 and express-pouchdb answer differently, the embedded server answers as
// CouchDB 3 does. Runs on the embedded server, or on the CouchDB of AFTER_TEST_COUCH_URL, where
// the same expectations describe CouchDB itself.
import { expect } from 'chai';
import { couchRequest } from '../support/couch-request';
import { openTestCouch, type TestCouch } from '../support/test-couch';

describe('answers as CouchDB 3 (embedded server or CouchDB)', function () {
  this.timeout(60_000);
  let couch: TestCouch;
  let base: string;
  let auth: string;
  let db: string;

  before(async () => {
    couch = await openTestCouch();
    const url = new URL(couch.url);
    base = `${url.protocol}//${url.host}`;
    auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    db = await couch.newDatabase('answers');
  });

  after(async () => {
    await couch?.close();
  });

  it('welcomes anyone at / with CouchDB\'s fields: couchdb, version, uuid (the same each time), vendor', async () => {
    const first = await couchRequest(base, 'GET', '/');
    expect(first.status).to.equal(200);
    expect(first.json.couchdb).to.equal('Welcome');
    expect(first.json.version).to.be.a('string').and.not.equal('');
    expect(first.json.uuid).to.be.a('string').and.not.equal('');
    expect(first.json.vendor.name).to.be.a('string').and.not.equal('');
    expect(first.json.features).to.be.an('array');
    expect((await couchRequest(base, 'GET', '/')).json.uuid).to.equal(first.json.uuid);
  });

  for (const accept of ['*/*', 'text/html']) {
    it(`sends JSON as application/json to a client that accepts ${accept}`, async () => {
      await couchRequest(base, 'PUT', `/${db}/one`, { auth, body: { a: 1 } });
      for (const path of ['/', '/_session', `/${db}`, `/${db}/one`, `/${db}/missing`, `/${db}/_all_docs`, `/${db}/_changes`, `/${db}/_changes?feed=longpoll&timeout=100`]) {
        const answer = await couchRequest(base, 'GET', path, { auth, headers: { accept } });
        expect(answer.headers.get('content-type'), path).to.match(/^application\/json/);
        expect(answer.json, path).to.be.an('object');
      }
    });
  }

  it('refuses a document over 8 MB with 413 document_too_large, its id as the reason ("" when it has none)', async () => {
    const padding = 'x'.repeat(9 * 1024 * 1024);
    const named = await couchRequest(base, 'POST', `/${db}`, { auth, body: { _id: 'big', padding } });
    expect([named.status, named.json]).to.deep.equal([413, { error: 'document_too_large', reason: 'big' }]);
    const unnamed = await couchRequest(base, 'POST', `/${db}/_bulk_docs`, { auth, body: { docs: [{ padding }] } });
    expect([unnamed.status, unnamed.json]).to.deep.equal([413, { error: 'document_too_large', reason: '' }]);
  });

  it('refuses _bulk_docs whose docs are not objects, not an array, or missing with 400 and CouchDB\'s reasons', async () => {
    const cases: Array<[unknown, string]> = [
      [{ docs: [1, 'x', null] }, 'Document must be a JSON object'],
      [{ docs: 'x' }, '`docs` parameter must be an array.'],
      [{}, 'POST body must include `docs` parameter.'],
    ];
    for (const [body, reason] of cases) {
      const answer = await couchRequest(base, 'POST', `/${db}/_bulk_docs`, { auth, body });
      expect([answer.status, answer.json], JSON.stringify(body)).to.deep.equal([400, { error: 'bad_request', reason }]);
    }
  });
});
