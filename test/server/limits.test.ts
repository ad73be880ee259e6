// CouchDB 3's limits and error format: 8 MB documents, JSON errors (never HTML), node paths.
import { expect } from 'chai';
import { couchRequest } from '../support/couch-request';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';

describe('embedded server: limits, errors and node paths', function () {
  this.timeout(30_000);
  let server: EmbeddedDb;
  let base: string;
  const admin = 'after:after';
  const text = (bytes: number): string => 'x'.repeat(bytes);

  before(async () => {
    server = await startEmbeddedDb();
    base = server.plainUrl;
  });

  after(async () => {
    await server.stop();
  });

  describe('max_document_size (8,000,000 bytes)', () => {
    it('stores a 7.5 MB document', async () => {
      const answer = await couchRequest(base, 'PUT', '/tasks/big-but-fine', { auth: admin, body: { blob: text(7_500_000) } });
      expect(answer.status).to.equal(201);
    });

    it('refuses a 9 MB document with 413 document_too_large, by PUT, POST and _bulk_docs', async () => {
      const put = await couchRequest(base, 'PUT', '/tasks/too-big', { auth: admin, body: { blob: text(9_000_000) } });
      expect(put.status).to.equal(413);
      expect(put.json).to.deep.equal({ error: 'document_too_large', reason: 'too-big' });
      const posted = await couchRequest(base, 'POST', '/tasks', { auth: admin, body: { blob: text(9_000_000) } });
      expect(posted.status).to.equal(413);
      const bulk = await couchRequest(base, 'POST', '/tasks/_bulk_docs', { auth: admin, body: { docs: [{ _id: 'small' }, { _id: 'huge', blob: text(9_000_000) }] } });
      expect(bulk.status).to.equal(413);
      expect(bulk.json.reason).to.equal('huge');
      expect((await couchRequest(base, 'GET', '/tasks/small', { auth: admin })).status).to.equal(404);
    });

    it('accepts a _bulk_docs request larger than 8 MB made of small documents', async () => {
      const docs = Array.from({ length: 10 }, (_, i) => ({ _id: `part-${i}`, blob: text(1_000_000) }));
      const answer = await couchRequest(base, 'POST', '/tasks/_bulk_docs', { auth: admin, body: { docs } });
      expect(answer.status).to.equal(201);
      expect(answer.json).to.have.length(10);
    });
  });

  describe('errors are CouchDB JSON', () => {
    for (const [what, method, path, body, status] of [
      ['malformed JSON in a document', 'PUT', '/tasks/doc', '{"worker": ', 400],
      ['malformed JSON in _bulk_docs', 'POST', '/tasks/_bulk_docs', '{"docs": [', 400],
      ['malformed JSON in a _changes body', 'POST', '/tasks/_changes', '{', 400],
      ['a path with bad percent-encoding', 'GET', '/tasks/%E0%A4%A', undefined, 400],
      ['an unknown path', 'GET', '/tasks/_nothing_here/x/y', undefined, 404],
    ] as const) {
      it(`${what} → ${status} with a JSON body, no HTML`, async () => {
        const answer = await couchRequest(base, method, path, { auth: admin, body, headers: { accept: 'text/html,*/*' } });
        expect(answer.status).to.equal(status);
        expect(answer.text).not.to.match(/<html|<pre|at .*\.js:\d+/i);
        expect(answer.json).to.have.keys('error', 'reason');
      });
    }
  });

  describe('node paths', () => {
    it('GET /_up → {"status": "ok"}', async () => {
      const answer = await couchRequest(base, 'GET', '/_up');
      expect(answer.status).to.equal(200);
      expect(answer.json.status).to.equal('ok');
    });

    it('GET /_node/_local/_config → the configuration (admins only)', async () => {
      const config = await couchRequest(base, 'GET', '/_node/_local/_config', { auth: admin });
      expect(config.status).to.equal(200);
      expect(config.json.couchdb.max_document_size).to.equal('8000000');
      const value = await couchRequest(base, 'GET', '/_node/_local/_config/couchdb/max_document_size', { auth: admin });
      expect(value.json).to.equal('8000000');
      expect((await couchRequest(base, 'GET', '/_node/_local/_config')).status).to.equal(401);
    });

    it('GET /_node/_local/_stats → clients_requesting_changes', async () => {
      const stats = await couchRequest(base, 'GET', '/_node/_local/_stats', { auth: admin });
      expect(stats.json.couchdb.httpd.clients_requesting_changes.value).to.equal(0);
    });
  });
});
