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

  it('refuses special members CouchDB refuses with 400 doc_validation, and attachments without data with 400', async () => {
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [{ _foo: 1 }, 400, 'doc_validation', 'Bad special document member: _foo'],
      [{ _rev_tree: 1 }, 400, 'doc_validation', 'Bad special document member: _rev_tree'],
      [{ _removed: true }, 400, 'doc_validation', 'Bad special document member: _removed'],
      [{ _revisions: 5 }, 400, 'doc_validation', 'Bad special document member: _revisions'],
      [{ _attachments: 'x' }, 400, 'doc_validation', 'Bad special document member: _attachments'],
      [{ _attachments: { a: {} } }, 400, 'bad_request', 'Invalid attachment data for a'],
      [{ _attachments: { a: { data: 5 } } }, 400, 'bad_request', 'Invalid attachment data for a'],
    ];
    for (const [fields, status, error, reason] of cases) {
      for (const [path, body] of [[`/${db}`, { a: 1, ...fields }], [`/${db}/_bulk_docs`, { docs: [{ a: 1, ...fields }] }]] as const) {
        const answer = await couchRequest(base, 'POST', path, { auth, body });
        expect([answer.status, answer.json], `${path} ${JSON.stringify(fields)}`).to.deep.equal([status, { error, reason }]);
      }
    }
    const withData = await couchRequest(base, 'POST', `/${db}`, { auth, body: { _attachments: { a: { data: Buffer.from('hello').toString('base64'), content_type: 'text/plain' } } } });
    expect(withData.status).to.equal(201);
    expect((await couchRequest(base, 'GET', '/_up')).status).to.equal(200);
  });

  it('takes POST bodies as application/json only (415), and reads a PUT as JSON whatever its content type', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      for (const [path, body] of [[`/${db}`, { a: 1 }], [`/${db}/_bulk_docs`, { docs: [{ a: 1 }] }]] as const) {
        const answer = await couchRequest(base, 'POST', path, { auth, body: JSON.stringify(body), headers: { 'content-type': contentType } });
        expect([answer.status, answer.json], `${contentType} ${path}`).to.deep.equal([415, { error: 'bad_content_type', reason: 'Content-Type must be application/json' }]);
      }
      const put = await couchRequest(base, 'PUT', `/${db}/as-${contentType.replace(/\W/g, '-')}`, { auth, body: JSON.stringify({ a: 1 }), headers: { 'content-type': contentType } });
      expect(put.status, contentType).to.equal(201);
      expect((await couchRequest(base, 'GET', `/${db}/${put.json.id as string}`, { auth })).json.a, contentType).to.equal(1);
    }
  });
});
