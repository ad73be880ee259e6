// A `_changes` answer without results (nano 11 resolves an aborted longpoll on CouchDB with
// "", a proxy may answer with a page of its own) is a failure to retry, never a TypeError.
// The server here is a stand-in for such a proxy: it answers what each test tells it to.
import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import nano from 'nano';
import { ChangesFeed } from '../../lib/db/changes-feed';
import type { TasksDatabase } from '../../lib/db/connection';
import { DatabaseUnavailableError } from '../../lib/db/errors';
import { requestChanges } from '../../lib/db/changes-request';
import type { TaskDoc } from '../../lib/task/types';

interface Answer { status: number; type: string; body: string; hang?: boolean }

describe('_changes answers without results', () => {
  let server: http.Server;
  let answers: Answer[] = [];
  let database: TasksDatabase;
  const requests: string[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      req.resume();
      const answer = answers.shift() ?? { status: 200, type: 'application/json', body: '{"results":[],"last_seq":"9-x"}' };
      res.writeHead(answer.status, { 'content-type': answer.type });
      if (answer.hang) res.flushHeaders(); // a longpoll that has nothing to say yet
      else res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const couch = nano({ url });
    database = { server: couch, db: couch.use<TaskDoc>('tasks'), name: 'tasks', where: url };
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => { answers = []; requests.length = 0; });

  it('is over as soon as it is aborted, though the server has not answered (a longpoll with nothing to say)', async () => {
    answers.push({ status: 200, type: 'application/json', body: '', hang: true });
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('stopped')), 100);
    const started = Date.now();
    const failure = await requestChanges(database, { qs: { feed: 'longpoll' }, body: {}, signal: stop.signal }).then(() => null, (err: unknown) => err);
    expect(Date.now() - started).to.be.below(5000);
    expect(failure).to.be.instanceOf(Error);
  });

  for (const [what, answer] of [
    ['an empty body', { status: 200, type: 'application/json', body: '' }],
    ['an HTML page', { status: 200, type: 'text/html', body: '<html>gateway</html>' }],
    ['JSON without results', { status: 200, type: 'application/json', body: '{"ok":true}' }],
    ['results that are not an array', { status: 200, type: 'application/json', body: '{"results":{},"last_seq":1}' }],
  ] as Array<[string, Answer]>) {
    it(`rejects ${what} with DatabaseUnavailableError`, async () => {
      answers.push(answer);
      const failure = await requestChanges(database, { qs: { feed: 'longpoll' }, body: {} }).then(() => null, (err: unknown) => err);
      expect(failure).to.be.instanceOf(DatabaseUnavailableError);
      expect((failure as Error).message).to.match(/_changes answer without results/);
    });
  }

  it('a feed given such answers says so in its log, retries, goes on with the next good page, and stops cleanly', async () => {
    answers.push(
      { status: 200, type: 'application/json', body: '' },
      { status: 200, type: 'application/json', body: JSON.stringify({ results: [{ id: 'a', seq: '5-x', doc: { _id: 'a', _rev: '1-a', worker: 'w' } }], last_seq: '5-x' }) },
    );
    const lines: string[] = [];
    const seen: string[] = [];
    const feed = new ChangesFeed(database, {
      since: 0,
      onBatch: async (rows) => { seen.push(...rows.map((row) => row.id)); },
      log: (line) => lines.push(line),
      longpollTimeoutMs: 50,
    });
    feed.start();
    const deadline = Date.now() + 5000;
    while (feed.checkpoint !== '9-x' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await feed.stop();
    expect(seen).to.deep.equal(['a']);
    expect(feed.checkpoint).to.equal('9-x');
    expect(lines.some((line) => /_changes answer without results/.test(line))).to.equal(true);
    expect(requests.length).to.be.at.least(3);
  });

  it('a feed is behind until a page comes back shorter than its limit, waits on beforeRequest, and asks for thin rows with one seq a page', async () => {
    const row = (id: string, seq: string): unknown => ({ id, seq, doc: { _id: id, _rev: '1-a', worker: 'w' } });
    let release: () => void = () => undefined;
    answers.push(
      { status: 200, type: 'application/json', body: JSON.stringify({ results: [row('a', '1-x'), row('b', '2-x')], last_seq: '2-x' }) },
      { status: 200, type: 'application/json', body: JSON.stringify({ results: [row('c', '3-x')], last_seq: '3-x' }) },
    );
    const behindAtBatch: boolean[] = [];
    let waits = 0;
    const feed = new ChangesFeed(database, {
      since: 0,
      batchLimit: 2,
      onBatch: async () => { behindAtBatch.push(feed.behind); },
      log: () => undefined,
      longpollTimeoutMs: 50,
      beforeRequest: () => {
        waits += 1;
        // The second request waits until the test lets it go.
        return waits === 2 ? new Promise<void>((resolve) => { release = resolve; }) : Promise.resolve();
      },
    });
    expect(feed.behind, 'before any page').to.equal(true);
    feed.start();
    const deadline = Date.now() + 5000;
    while (waits < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(requests.length, 'the second request waits on beforeRequest').to.equal(1);
    expect(feed.behind, 'after a full page').to.equal(true);
    release();
    while (behindAtBatch.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await feed.stop();
    expect(feed.behind, 'after a page shorter than the limit').to.equal(false);
    expect(behindAtBatch).to.deep.equal([true, true]);
    const asked = new URL(requests[0], 'http://x').searchParams;
    expect(asked.get('seq_interval')).to.equal('2');
    // The thin feed: every leaf revision, no documents, no filter.
    expect(asked.get('style')).to.equal('all_docs');
    expect(asked.has('include_docs') || asked.has('filter')).to.equal(false);
  });

  it('leaves no listener behind on the feed\'s signal per request (fetch keeps one until the request is collected)', async () => {
    const feed = new ChangesFeed(database, { since: 0, onBatch: async () => undefined, log: () => undefined });
    // The signal the feed's requests follow (private: what is checked is that nothing piles up on it).
    const { signal } = (feed as unknown as { abort: AbortController }).abort;
    feed.start();
    const deadline = Date.now() + 30_000;
    while (requests.length < 500 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const listeners = getEventListeners(signal, 'abort').length;
    await feed.stop();
    expect(requests.length).to.be.at.least(500);
    expect(listeners).to.be.at.most(2);
  });
});
