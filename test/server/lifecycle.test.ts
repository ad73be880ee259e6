// Starting and stopping: a port in use is one line and exit 1; SIGINT/SIGTERM close cleanly
// (exit 0, LevelDB closed, data kept); close() releases every LevelDB store.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PortInUseError, ServerStartError } from '../../lib/server/errors';
import { startServer } from '../../lib/server/server';
import { couchRequest } from '../support/couch-request';
import { startEmbeddedDb } from '../support/embedded-db';
import { freePort } from '../support/free-port';
import { makeTempDir } from '../support/temp-dir';
import { openFeed } from './feed-client';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'after');
const admin = { login: 'after', password: 'after' };

/** Runs `after ...args` to its end. */
function runAfter(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function occupy(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const blocker = net.createServer();
    blocker.once('error', reject);
    blocker.listen(port, '127.0.0.1', () => resolve(blocker));
  });
}

/** Opens (and closes) the LevelDB store at `dir` directly: fails while another handle holds its lock. */
async function openLevelDb(dir: string): Promise<void> {
  // leveldown is PouchDB's LevelDB binding (a dependency of pouchdb 9).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const leveldown = require('leveldown') as (location: string) => { open(cb: (err?: Error) => void): void; close(cb: (err?: Error) => void): void };
  const db = leveldown(dir);
  await new Promise<void>((resolve, reject) => db.open((err) => (err ? reject(err) : resolve())));
  await new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
}

describe('embedded server: start and stop', function () {
  this.timeout(60_000);

  it('`after db` on a port in use prints one line and exits 1', async () => {
    const port = await freePort();
    const blocker = await occupy(port);
    try {
      const result = await runAfter(['db', '--port', String(port), '--dir', makeTempDir('after-db-busy-')]);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.equal(`after db: port ${port} on 127.0.0.1 is already in use; choose another with --port\n`);
    } finally {
      blocker.close();
    }
  });

  it('a second `after db` on a data directory in use prints one line saying so and exits 1; the first goes on', async () => {
    const first = await startEmbeddedDb();
    try {
      const result = await runAfter(['db', '--port', String(await freePort()), '--dir', first.dir]);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.match(new RegExp(`^after db: data directory ${first.dir} is in use by another after db \\(IO error: lock .*\\); ` +
        'stop that one \\(after stop db\\) or choose another --dir\n$'));
      expect(first.exit()).to.equal(null);
      expect((await fetch(`${first.plainUrl}/_up`)).status).to.equal(200);
    } finally {
      await first.stop();
    }
  });

  it('startServer on a port in use rejects with PortInUseError, and can start again afterwards', async () => {
    const port = await freePort();
    const blocker = await occupy(port);
    const dataDir = makeTempDir('after-db-busy-');
    try {
      const failure = await startServer({ host: '127.0.0.1', port, dataDir, admin, tasksDb: 'tasks', version: '0.0.0-test' }).then(() => null, (err: unknown) => err);
      expect(failure).to.be.instanceOf(PortInUseError);
    } finally {
      blocker.close();
    }
    const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, admin, tasksDb: 'tasks', version: '0.0.0-test' });
    await server.close();
  });

  it('a bad config file is one line on stderr and exit 1', async () => {
    const configFile = path.join(makeTempDir('after-db-config-'), 'config.json');
    fs.writeFileSync(configFile, '{"port": "fifty"}');
    const result = await runAfter(['db', '--config', configFile]);
    expect(result.code).to.equal(1);
    expect(result.stderr.trim().split('\n')).to.have.length(1);
    expect(result.stderr).to.match(/port/);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} closes the server cleanly: exit 0, data kept on restart`, async () => {
      const server = await startEmbeddedDb();
      const auth = 'after:after';
      const feed = await openFeed(server.plainUrl, '/tasks/_changes?feed=continuous&since=now&heartbeat=1000', { auth });
      expect((await couchRequest(server.plainUrl, 'PUT', '/tasks/kept', { auth, body: { worker: 'w' } })).status).to.equal(201);
      process.kill(server.pid, signal);
      await feed.ended;
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (server.exit()) {
            clearInterval(poll);
            resolve();
          }
        }, 20);
      });
      expect(server.exit()).to.deep.equal({ code: 0, signal: null });
      await server.restart();
      expect((await couchRequest(server.plainUrl, 'GET', '/tasks/kept', { auth })).json.worker).to.equal('w');
      await server.stop();
      expect(server.exit()).to.deep.equal({ code: 0, signal: null });
    });
  }

  it('close() ends live feeds and releases every LevelDB store', async () => {
    const dataDir = makeTempDir('after-db-close-');
    const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, admin, tasksDb: 'tasks', version: '0.0.0-test' });
    const auth = 'after:after';
    await couchRequest(server.url, 'PUT', '/tasks/_design/v', { auth, body: { views: { by_worker: { map: 'function (doc) { emit(doc.worker); }' } } } });
    await couchRequest(server.url, 'POST', '/tasks', { auth, body: { worker: 'w' } });
    expect((await couchRequest(server.url, 'GET', '/tasks/_design/v/_view/by_worker', { auth })).status).to.equal(200);
    expect((await couchRequest(server.url, 'PUT', '/other', { auth })).status).to.equal(201);
    const feed = await openFeed(server.url, '/tasks/_changes?feed=continuous&since=now&heartbeat=1000', { auth });

    await server.close();
    await feed.ended;
    const stores = fs.readdirSync(dataDir).filter((entry) => fs.existsSync(path.join(dataDir, entry, 'CURRENT')));
    expect(stores).to.include.members(['tasks', 'other', '_users']);
    expect(stores.some((store) => store.includes('-mrview-'))).to.equal(true);
    for (const store of stores) await openLevelDb(path.join(dataDir, store));
  });

  it('refuses a second server in the same process while one runs', async () => {
    const first = await startServer({ host: '127.0.0.1', port: 0, dataDir: makeTempDir('after-db-one-'), admin, tasksDb: 'tasks', version: '0.0.0-test' });
    try {
      const failure = await startServer({ host: '127.0.0.1', port: 0, dataDir: makeTempDir('after-db-two-'), admin, tasksDb: 'tasks', version: '0.0.0-test' }).then(() => null, (err: unknown) => err);
      expect(failure).to.be.instanceOf(ServerStartError);
    } finally {
      await first.close();
    }
  });
});
