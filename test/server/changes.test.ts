// _changes as CouchDB 3 serves it: selectors on every feed, longpoll's timeout, streaming
// under gzip, CouchDB's 400s for bad parameters, and nano's changesReader end to end.
import { expect } from 'chai';
import Nano from 'nano';
import { couchRequest } from '../support/couch-request';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';
import { openFeed } from './feed-client';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (answer: { json: { results: Array<{ id: string }> } }): string[] => answer.json.results.map((change) => change.id).sort();

describe('embedded server: _changes', function () {
  this.timeout(30_000);
  let server: EmbeddedDb;
  let base: string;
  const admin = 'after:after';
  let counter = 0;
  /** A fresh worker name per test, so tests never see each other's documents. */
  const workerName = (): string => `w${(counter += 1)}`;
  const post = async (doc: Record<string, unknown>): Promise<string> => {
    const answer = await couchRequest(base, 'POST', '/tasks', { auth: admin, body: doc });
    expect(answer.status).to.equal(201);
    return answer.json.id as string;
  };

  before(async () => {
    server = await startEmbeddedDb();
    base = server.plainUrl;
  });

  after(async () => {
    await server.stop();
  });

  describe('filter=_selector with the selector in the POST body', () => {
    it('selects on a normal feed, with $or, $in and $exists', async () => {
      const a = workerName();
      const b = workerName();
      const first = await post({ _id: `${a}-1`, worker: a, status: 'waiting' });
      const second = await post({ _id: `${b}-1`, worker: b, status: 'done', lease: { by: 'x' } });
      await post({ _id: `${a}-2`, worker: a, status: 'done' });
      const select = (selector: unknown) => couchRequest(base, 'POST', '/tasks/_changes?filter=_selector', { auth: admin, body: { selector } });

      expect(ids(await select({ worker: a, status: 'waiting' }))).to.deep.equal([first]);
      expect(ids(await select({ $or: [{ worker: a, status: 'waiting' }, { worker: b }] }))).to.deep.equal([first, second].sort());
      expect(ids(await select({ worker: { $in: [a, b] }, status: { $in: ['waiting'] } }))).to.deep.equal([first]);
      expect(ids(await select({ worker: { $in: [a, b] }, lease: { $exists: true } }))).to.deep.equal([second]);
    });

    it('answers a longpoll with the first matching change, not with others', async () => {
      const mine = workerName();
      const since = (await couchRequest(base, 'GET', '/tasks', { auth: admin })).json.update_seq;
      const pending = couchRequest(base, 'POST', `/tasks/_changes?filter=_selector&feed=longpoll&since=${since}&timeout=10000`, {
        auth: admin,
        body: { selector: { worker: mine } },
      });
      await sleep(200);
      await post({ worker: workerName() });
      const id = await post({ worker: mine });
      const answer = await pending;
      expect(answer.status).to.equal(200);
      expect(ids(answer)).to.deep.equal([id]);
      expect(answer.json.last_seq).to.equal(answer.json.results[0].seq);
    });

    it('streams matching changes on a continuous feed', async () => {
      const mine = workerName();
      const feed = await openFeed(base, '/tasks/_changes?filter=_selector&feed=continuous&since=now&include_docs=true', {
        method: 'POST',
        auth: admin,
        body: { selector: { worker: mine, n: { $exists: true } } },
      });
      expect(feed.status).to.equal(200);
      await post({ worker: mine });
      const id = await post({ worker: mine, n: 1 });
      const text = await feed.waitFor(new RegExp(id));
      feed.destroy();
      const changes = text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { id: string; doc: { n: number } });
      expect(changes.map((change) => change.id)).to.deep.equal([id]);
      expect(changes[0].doc.n).to.equal(1);
    });

    it('does not fail on a document with null in an array the selector looks into; it matches nothing, and the feed goes on', async () => {
      const a = workerName();
      const junk = await post({ _id: `${a}-junk`, worker: a, status: 'done', history: [null] });
      const after = await post({ _id: `${a}-after`, worker: a, status: 'done', history: [{ by: 'another' }] });
      const selector = { worker: a, $or: [{ status: 'waiting' }, { history: { $elemMatch: { by: { $ne: 'me' } } } }] };
      for (const feed of ['normal', 'longpoll']) {
        const answer = await couchRequest(base, 'POST', `/tasks/_changes?filter=_selector&feed=${feed}`, { auth: admin, body: { selector } });
        expect(answer.status, feed).to.equal(200);
        expect(ids(answer), feed).to.deep.equal([after]);
      }
      expect(junk).to.be.a('string');
    });

    it('refuses a selector that is not an object, or an invalid one, with 400', async () => {
      const notObject = await couchRequest(base, 'POST', '/tasks/_changes?filter=_selector', { auth: admin, body: { selector: 3 } });
      expect(notObject.status).to.equal(400);
      const badOperator = await couchRequest(base, 'POST', '/tasks/_changes?filter=_selector&since=0', { auth: admin, body: { selector: { worker: { $in: 'x' } } } });
      expect(badOperator.status).to.equal(400);
      expect(badOperator.json.reason).to.match(/^Selector error/);
    });
  });

  describe('longpoll', () => {
    it('honours timeout: an idle longpoll returns {results: [], last_seq} after about that long', async () => {
      const started = Date.now();
      const answer = await couchRequest(base, 'GET', '/tasks/_changes?feed=longpoll&since=now&timeout=1000', { auth: admin });
      const elapsed = Date.now() - started;
      expect(answer.status).to.equal(200);
      expect(answer.json.results).to.deep.equal([]);
      expect(answer.json).to.have.property('last_seq');
      expect(elapsed).to.be.within(900, 5000);
    });

    it('returns at once when there are changes since `since`', async () => {
      const id = await post({ worker: workerName() });
      const answer = await couchRequest(base, 'GET', '/tasks/_changes?feed=longpoll&since=0&timeout=60000', { auth: admin });
      expect(ids(answer)).to.include(id);
    });
  });

  describe('continuous', () => {
    it('delivers changes promptly to a client that accepts gzip', async () => {
      const feed = await openFeed(base, '/tasks/_changes?feed=continuous&since=now&heartbeat=10000', {
        auth: admin,
        headers: { 'accept-encoding': 'gzip, deflate' },
      });
      expect(feed.status).to.equal(200);
      const id = await post({ worker: workerName() });
      const posted = Date.now();
      await feed.waitFor(new RegExp(id), 2000);
      expect(Date.now() - posted).to.be.below(1000);
      feed.destroy();
    });

    it('sends heartbeats, and without one ends after `timeout` with the last seq', async () => {
      const beating = await openFeed(base, '/tasks/_changes?feed=continuous&since=now&heartbeat=100', { auth: admin });
      await beating.waitFor(/^\n\n/, 3000);
      beating.destroy();

      const started = Date.now();
      const quiet = await openFeed(base, '/tasks/_changes?feed=continuous&since=now&timeout=500', { auth: admin });
      await quiet.ended;
      expect(Date.now() - started).to.be.within(400, 5000);
      expect(JSON.parse(quiet.text().trim())).to.have.property('last_seq');
    });

    it('stops after `limit` changes', async () => {
      const feed = await openFeed(base, '/tasks/_changes?feed=continuous&since=0&limit=2', { auth: admin });
      await feed.ended;
      const lines = feed.text().trim().split('\n');
      expect(lines).to.have.length(3);
      expect(JSON.parse(lines[2])).to.deep.equal({ last_seq: JSON.parse(lines[1]).seq });
    });
  });

  describe('other filters and options', () => {
    it('filters by _doc_ids (POST body or query) and _design, and honours limit', async () => {
      const one = await post({ worker: workerName() });
      await post({ worker: workerName() });
      const posted = await couchRequest(base, 'POST', '/tasks/_changes?filter=_doc_ids', { auth: admin, body: { doc_ids: [one] } });
      expect(ids(posted)).to.deep.equal([one]);
      const queried = await couchRequest(base, 'GET', `/tasks/_changes?filter=_doc_ids&doc_ids=${encodeURIComponent(JSON.stringify([one]))}`, { auth: admin });
      expect(ids(queried)).to.deep.equal([one]);
      await couchRequest(base, 'PUT', '/tasks/_design/probe', { auth: admin, body: { views: {} } });
      const design = await couchRequest(base, 'GET', '/tasks/_changes?filter=_design', { auth: admin });
      expect(ids(design)).to.deep.equal(['_design/probe']);
      const limited = await couchRequest(base, 'GET', '/tasks/_changes?limit=1', { auth: admin });
      expect(limited.json.results).to.have.length(1);
    });

    it('404s a database that does not exist', async () => {
      const answer = await couchRequest(base, 'GET', '/nothing/_changes', { auth: admin });
      expect(answer.status).to.equal(404);
      expect(answer.json.error).to.equal('not_found');
    });
  });

  describe('bad parameters → 400, as CouchDB', () => {
    for (const query of ['since=abc', 'since=-1', 'limit=-1', 'limit=ten', 'heartbeat=-5', 'heartbeat=abc', 'timeout=soon', 'feed=firehose', 'filter=_nope', 'filter=nodesign', 'style=fancy']) {
      it(`?${query}`, async () => {
        const answer = await couchRequest(base, 'GET', `/tasks/_changes?${query}`, { auth: admin });
        expect(answer.status).to.equal(400);
        expect(answer.json.error).to.be.oneOf(['bad_request', 'query_parse_error']);
      });
    }

    it('refuses a POST whose body is not JSON with 415', async () => {
      const answer = await couchRequest(base, 'POST', '/tasks/_changes', { auth: admin, body: 'selector=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(answer.status).to.equal(415);
      expect(answer.json.error).to.equal('bad_content_type');
    });
  });

  it("serves nano's changesReader.get() with a selector: the matching batch, then an idle end", async () => {
    const mine = workerName();
    const id = await post({ worker: mine });
    const nano = Nano(server.url);
    const reader = nano.db.use('tasks').changesReader;
    const batches: string[][] = [];
    await new Promise<void>((resolve, reject) => {
      reader
        .get({ since: '0', selector: { worker: mine }, timeout: 500 })
        .on('batch', (batch: Array<{ id: string }>) => batches.push(batch.map((change) => change.id)))
        .on('end', () => resolve())
        .on('error', reject);
    });
    expect(batches.flat()).to.deep.equal([id]);
  });
});
