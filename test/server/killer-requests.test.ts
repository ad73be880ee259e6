// The seven requests that kill the stock express-pouchdb 4.2.0, and (8) one it answered 500: each is
// answered as CouchDB 3 answers it, and the server goes on serving.
import { expect } from 'chai';
import { couchRequest } from '../support/couch-request';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';
import { openFeed } from './feed-client';

describe('embedded server: requests that killed the stock server', function () {
  this.timeout(30_000);
  let server: EmbeddedDb;
  let base: string;
  const admin = 'after:after';

  before(async () => {
    server = await startEmbeddedDb();
    base = server.plainUrl;
    await couchRequest(base, 'POST', '/tasks/_bulk_docs', {
      auth: admin,
      body: {
        docs: [
          { _id: 'manobi-1', worker: 'manobi' },
          { _id: 'other-1', worker: 'other' },
          { _id: '_design/broken', filters: { boom: 'function (doc, req) { throw new TypeError("kaboom"); }' }, views: { all: { map: 'function (doc) { emit(doc._id); }' } } },
        ],
      },
    });
  });

  afterEach(async () => {
    // Alive and serving after each one.
    expect(server.exit()).to.equal(null);
    const up = await couchRequest(base, 'GET', '/_up');
    expect(up.status).to.equal(200);
    const tasks = await couchRequest(base, 'GET', '/tasks', { auth: admin });
    expect(tasks.status).to.equal(200);
  });

  after(async () => {
    await server.stop();
  });

  it('1. GET _changes?filter=_selector (no selector) → 400 bad_request', async () => {
    const answer = await couchRequest(base, 'GET', '/tasks/_changes?filter=_selector', { auth: admin });
    expect(answer.status).to.equal(400);
    expect(answer.json).to.deep.equal({ error: 'bad_request', reason: 'Selector must be specified in POST payload' });
  });

  it("2. nano's POST _changes?filter=_selector&feed=longpoll with the selector in the body → 200, the selected changes", async () => {
    const answer = await couchRequest(base, 'POST', '/tasks/_changes?filter=_selector&feed=longpoll&since=0&timeout=1000', {
      auth: admin,
      body: { selector: { worker: 'manobi' } },
    });
    expect(answer.status).to.equal(200);
    expect(answer.json.results.map((change: { id: string }) => change.id)).to.deep.equal(['manobi-1']);
    expect(answer.json).to.have.property('last_seq');
    const waiting = await couchRequest(base, 'POST', '/tasks/_changes?filter=_selector&feed=longpoll&since=now&timeout=1000', {
      auth: admin,
      body: { selector: { worker: 'manobi' } },
    });
    expect(waiting.status).to.equal(200);
    expect(waiting.json.results).to.deep.equal([]);
  });

  for (const feed of ['normal', 'longpoll', 'continuous']) {
    it(`3. filter=nope/nope (missing design document) on a ${feed} feed → 404 not_found`, async () => {
      const answer = await couchRequest(base, 'GET', `/tasks/_changes?feed=${feed}&filter=nope/nope&timeout=500`, { auth: admin });
      expect(answer.status).to.equal(404);
      expect(answer.json.error).to.equal('not_found');
      const missingFilter = await couchRequest(base, 'GET', `/tasks/_changes?feed=${feed}&filter=broken/nope&timeout=500`, { auth: admin });
      expect(missingFilter.status).to.equal(404);
      expect(missingFilter.json.reason).to.equal('missing json key: nope');
    });
  }

  for (const feed of ['normal', 'longpoll']) {
    it(`4. a design filter that throws, on a ${feed} feed → 500 with the exception`, async () => {
      const answer = await couchRequest(base, 'GET', `/tasks/_changes?feed=${feed}&filter=broken/boom&since=0`, { auth: admin });
      expect(answer.status).to.equal(500);
      expect(answer.json).to.deep.equal({ error: 'TypeError', reason: 'kaboom' });
    });
  }

  it('4. a design filter that throws on a live longpoll → 500 when the first change arrives', async () => {
    const pending = couchRequest(base, 'GET', '/tasks/_changes?feed=longpoll&filter=broken/boom&since=now&timeout=10000', { auth: admin });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await couchRequest(base, 'POST', '/tasks', { auth: admin, body: { worker: 'late' } });
    const answer = await pending;
    expect(answer.status).to.equal(500);
    expect(answer.json.error).to.equal('TypeError');
  });

  it('4. a design filter that throws on a continuous feed → the error as the last line, then the end', async () => {
    const feed = await openFeed(base, '/tasks/_changes?feed=continuous&filter=broken/boom&since=0', { auth: admin });
    expect(feed.status).to.equal(200);
    await feed.ended;
    const lines = feed.text().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).to.deep.equal({ error: 'TypeError', reason: 'kaboom' });
    expect(lines[lines.length - 1]).to.have.property('last_seq');
  });

  it('5. filter=_view without a view → 400; with a missing view → 404', async () => {
    const noView = await couchRequest(base, 'GET', '/tasks/_changes?filter=_view', { auth: admin });
    expect(noView.status).to.equal(400);
    expect(noView.json.error).to.equal('bad_request');
    const missing = await couchRequest(base, 'GET', '/tasks/_changes?filter=_view&view=broken/nope', { auth: admin });
    expect(missing.status).to.equal(404);
    const noDesign = await couchRequest(base, 'GET', '/tasks/_changes?feed=longpoll&filter=_view&view=nope/nope', { auth: admin });
    expect(noDesign.status).to.equal(404);
    const works = await couchRequest(base, 'GET', '/tasks/_changes?filter=_view&view=broken/all', { auth: admin });
    expect(works.status).to.equal(200);
    expect(works.json.results.map((change: { id: string }) => change.id)).to.include('manobi-1');
  });

  it('6. anonymous PUT /newdb → 401, and no database is created', async () => {
    const answer = await couchRequest(base, 'PUT', '/newdb');
    expect(answer.status).to.equal(401);
    expect(answer.json.error).to.equal('unauthorized');
    expect((await couchRequest(base, 'GET', '/newdb', { auth: admin })).status).to.equal(404);
  });

  it('7. anonymous continuous _changes on a members-only database → 401 at once', async () => {
    expect((await couchRequest(base, 'PUT', '/members', { auth: admin })).status).to.equal(201);
    expect((await couchRequest(base, 'PUT', '/members/_security', { auth: admin, body: { members: { names: ['after'] } } })).status).to.equal(200);
    const started = Date.now();
    const answer = await couchRequest(base, 'GET', '/members/_changes?feed=continuous&since=now');
    expect(answer.status).to.equal(401);
    expect(answer.json.error).to.equal('unauthorized');
    expect(Date.now() - started).to.be.below(2000);
  });
  it('8. _bulk_docs whose docs are not objects, or are not there → 400 bad_request with CouchDB 3\'s reasons, nothing written', async () => {
    const cases: Array<[unknown, string]> = [
      [{ docs: [1, 'x', null] }, 'Document must be a JSON object'],
      [{ docs: [{ _id: 'shape-ok' }, 1] }, 'Document must be a JSON object'],
      [{ docs: 'x' }, '`docs` parameter must be an array.'],
      [{}, 'POST body must include `docs` parameter.'],
      [[1], 'Request body must be a JSON object'],
    ];
    for (const [body, reason] of cases) {
      const answer = await couchRequest(base, 'POST', '/tasks/_bulk_docs', { auth: admin, body });
      expect(answer.status, JSON.stringify(body)).to.equal(400);
      expect(answer.json, JSON.stringify(body)).to.deep.equal({ error: 'bad_request', reason });
    }
    expect((await couchRequest(base, 'GET', '/tasks/shape-ok', { auth: admin })).status).to.equal(404);
  });
});
