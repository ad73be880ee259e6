// What the embedded server borrows from the private insides of PouchDB, express-pouchdb and
// Express 4 (lib/server/types/*.d.ts declare them), each pinned to an exact version in
// package.json and checked here for the shape and behaviour lib/server relies on. An upgrade
// that moves one of them fails here, in a test named after the package, the internal and the
// file that borrows it, rather than as a wrong answer somewhere in the server.
import { expect } from 'chai';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { evaluate } from 'couchdb-eval';
import express from 'express';
import type { App } from 'express-pouchdb';
import { getOrCreateDB } from 'express-pouchdb/lib/create-or-delete-dbs';
import leveldown from 'leveldown';
import PouchDB from 'pouchdb';
import createAbstractMapReduce from 'pouchdb-abstract-mapreduce';
import { BuiltInError, NotFoundError } from 'pouchdb-mapreduce-utils';
import { collectConflicts, collectLeaves } from 'pouchdb-merge';
import { toIndexableString } from 'pouchdb-collate';
import { stringMd5 } from 'pouchdb-md5';
import { massageSelector, rowFilter } from 'pouchdb-selector-core';
import { installWrapperMethods } from 'pouchdb-wrappers';
import { coreChanges, coreGetSecurity } from '../../lib/server/changes/core-methods';
import { createCouchApp } from '../../lib/server/couch-app';
import { openDataStore, type DataStore } from '../../lib/server/data-store';
import { readMetadata, seqKey, type RawLevelStore } from '../../lib/server/leveldb-store';
import { userContextOf } from '../../lib/server/user-context';
import { storedRowCounts } from '../../lib/server/views/row-counts';
import { couchRequest } from '../support/couch-request';
import { makeTempDir, removeTempDir } from '../support/temp-dir';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Each package lib/server borrows internals from, and what of it. */
const BORROWED: Record<string, string> = {
  pouchdb: 'its leveldb adapter\'s store layout, defaults({db}), the constructor\'s created/destroyed events (leveldb-store.ts, data-store.ts)',
  'pouchdb-abstract-mapreduce': 'the map/reduce engine PouchDB builds its own query() from (views/map-reduce.ts)',
  'pouchdb-mapreduce-utils': 'NotFoundError and BuiltInError (views/)',
  'pouchdb-collate': 'collate and the indexable strings PouchDB stores index rows under (views/count-rows.ts, row-counts.ts)',
  'pouchdb-md5': 'stringMd5, which names a view\'s index database (views/count-query.ts)',
  'pouchdb-merge': 'collectConflicts and collectLeaves on a stored revision tree (changes/leveldb-changes.ts, all-docs-by-keys.ts)',
  'pouchdb-selector-core': 'massageSelector and rowFilter (changes/)',
  'pouchdb-wrappers': 'installWrapperMethods, the chain express-pouchdb wraps database methods with (validation/, all-docs-by-keys.ts)',
  'express-pouchdb': 'lib/create-or-delete-dbs, its middleware stack, wrappers, session and answers (couch-app.ts, databases.ts, ...)',
  express: 'Express 4\'s app._router.stack, where couch-app.ts inserts the server\'s routes',
  leveldown: 'the store under PouchDB, read with iterator() and getMany() (leveldb-store.ts)',
  'couchdb-eval': 'evaluate(), CouchDB\'s JavaScript context for design functions (validation/validators.ts)',
};
/** Packages published from PouchDB's own repository: their code must be the code bundled in `pouchdb`. */
const POUCHDB_FAMILY = ['pouchdb-abstract-mapreduce', 'pouchdb-mapreduce-utils', 'pouchdb-merge', 'pouchdb-selector-core', 'pouchdb-collate', 'pouchdb-md5'];
/** Packages express-pouchdb itself requires, whose one copy ours must be. */
const SHARED_WITH_EXPRESS_POUCHDB = ['express', 'pouchdb-wrappers'];

function installedVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A probe HTTP server over `handler`, on a free port of 127.0.0.1. */
async function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

describe('what the embedded server borrows from PouchDB, express-pouchdb and Express internals', function () {
  this.timeout(30_000);

  describe('the pins', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

    for (const [name, what] of Object.entries(BORROWED)) {
      it(`${name} is pinned to one exact version, the one installed (lib/server borrows ${what})`, () => {
        const spec = pkg.dependencies[name];
        expect(spec, `package.json has no dependency ${name}`).to.be.a('string');
        expect(spec, `${name}: package.json says "${spec}"; lib/server borrows its internals, so pin an exact version and run these tests on an upgrade`)
          .to.match(/^\d+\.\d+\.\d+$/);
        expect(installedVersion(name), `${name}: installed version (npm ci installs what package-lock.json holds)`).to.equal(spec);
      });
    }

    it('the PouchDB packages are at pouchdb\'s own version: their code is the code bundled in pouchdb', () => {
      const pouchdb = installedVersion('pouchdb');
      for (const name of POUCHDB_FAMILY) expect(installedVersion(name), `${name} beside pouchdb ${pouchdb}`).to.equal(pouchdb);
    });

    it('express and pouchdb-wrappers are the very copies express-pouchdb loads', () => {
      const fromExpressPouchDB = path.dirname(require.resolve('express-pouchdb'));
      for (const name of SHARED_WITH_EXPRESS_POUCHDB) {
        expect(require.resolve(name, { paths: [fromExpressPouchDB] }), `${name} as express-pouchdb resolves it`).to.equal(require.resolve(name));
      }
    });
  });

  describe('the packages, with a data store of the server\'s', () => {
    let dir: string;
    let store: DataStore;
    let db: PouchDB.Database;
    let raw: RawLevelStore;
    const conflictedRevs = ['1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'];

    before(async () => {
      dir = makeTempDir('after-borrowed-');
      store = openDataStore(dir);
      db = new store.PouchDB('probe');
      const first = await db.put({ _id: 'task', status: 'waiting' });
      await db.put({ _id: 'task', _rev: first.rev, status: 'running' });
      await db.bulkDocs(conflictedRevs.map((rev, i) => ({ _id: 'split', _rev: rev, side: i })), { new_edits: false });
      raw = store.rawStore('probe') as RawLevelStore;
    });
    after(async () => {
      await store.close();
      removeTempDir(dir);
    });

    it('leveldown 6.1.1: exports LevelDOWN (PouchDB shares open stores by that function name; data-store.ts names its factory so)', () => {
      expect(leveldown.name).to.equal('LevelDOWN');
    });

    it('pouchdb 9.0.0 defaults({db}): opens each database\'s store through the factory given, and leveldown 6.1.1 reads it with getMany and iterator', async () => {
      expect(raw, 'store.rawStore(name): the store the factory made').to.not.equal(null);
      expect(raw.status).to.equal('open');
      expect(raw.getMany, 'leveldown getMany()').to.be.a('function');
      expect(raw.iterator, 'leveldown iterator()').to.be.a('function');
    });

    it('pouchdb 9.0.0 leveldb adapter: metadata by id in document-store (seq, winningRev, deleted, rev_map, rev_tree), bodies by 16-digit seq in by-sequence', async () => {
      const doc = await db.get('task');
      const meta = (await readMetadata(raw, ['task'])).get('task');
      expect(meta, 'the document-store entry of the document').to.not.equal(undefined);
      if (meta === undefined) return;
      expect(meta.id).to.equal('task');
      expect(meta.winningRev, 'metadata.winningRev').to.equal(doc._rev);
      expect(meta.deleted, 'metadata.deleted').to.equal(false);
      expect(meta.seq, 'metadata.seq').to.equal(Number((await db.changes({ since: 0 }).then((changes) => changes.results.find((change) => change.id === 'task')))?.seq));
      expect(meta.rev_tree, 'metadata.rev_tree').to.be.an('array');
      const seq = meta.rev_map[meta.winningRev];
      expect(seq, 'metadata.rev_map[winningRev]: the seq holding its body').to.be.a('number');
      const bodies = await new Promise<Array<string | undefined>>((resolve, reject) => {
        raw.getMany([seqKey(seq)], { asBuffer: false }, (err, values) => (err ? reject(err) : resolve(values)));
      });
      expect(bodies[0], `the by-sequence entry ${JSON.stringify(seqKey(seq))}`).to.be.a('string');
      expect(JSON.parse(bodies[0] as string)).to.deep.equal(doc);
    });

    it('pouchdb-merge 9.0.0: collectLeaves and collectConflicts read a stored revision tree as PouchDB does', async () => {
      const meta = (await readMetadata(raw, ['split'])).get('split');
      if (meta === undefined) throw new Error('no metadata for the conflicted document');
      expect(collectLeaves(meta.rev_tree).map((leaf) => leaf.rev).sort(), 'collectLeaves').to.deep.equal(conflictedRevs);
      const winner = await db.get('split', { conflicts: true });
      expect(collectConflicts(meta), 'collectConflicts: the _conflicts PouchDB answers').to.deep.equal(winner._conflicts);
      expect(meta.winningRev).to.equal(winner._rev);
    });

    it('pouchdb 9.0.0: the constructor emits created with the name, for databases of every defaults() (data-store.ts)', async () => {
      const created: string[] = [];
      const listener = (name: string): void => { created.push(name); };
      PouchDB.on('created', listener);
      try {
        await new store.PouchDB('probe-created').info();
      } finally {
        PouchDB.removeListener('created', listener);
      }
      expect(created).to.include('probe-created');
      expect(PouchDB.listeners('created')).to.not.include(listener);
    });

    it('pouchdb-abstract-mapreduce 9.0.0: createAbstractMapReduce(localDocName, mapper, reducer, ddocValidator), and \'mrviews\' is PouchDB\'s own index name (views/map-reduce.ts)', async () => {
      expect(createAbstractMapReduce, 'the default export').to.be.a('function');
      const engine = createAbstractMapReduce('mrviews', (_fun, emit) => (doc) => emit((doc as { _id: string })._id), () => () => null, () => undefined);
      expect(engine.query, 'query').to.be.a('function');
      expect(engine.viewCleanup, 'viewCleanup').to.be.a('function');
      const bundle = fs.readFileSync(require.resolve('pouchdb'), 'utf8');
      expect(bundle, 'pouchdb\'s own map/reduce keeps its indexes under \'mrviews\'').to.match(/localDocName = 'mrviews';\s*\n\s*var abstract = createAbstractMapReduce\(localDocName/);
      // The server's plugin (installed by openDataStore) answers a query through it.
      await db.put({ _id: '_design/probe', views: { ids: { map: 'function (doc) { emit(doc._id); }' } } });
      const answer = (await (db as unknown as { query(view: string): Promise<{ rows: Array<{ id: string }> }> }).query('probe/ids'));
      expect(answer.rows.map((row) => row.id)).to.include.members(['split', 'task']);
    });

    it('pouchdb-abstract-mapreduce 9.0.0: a view\'s index is the database <db>-mrview-<stringMd5(map + reduce + \'undefined\')>, opened through the source\'s constructor, which keeps its row counts (views/row-counts.ts, count-query.ts)', async () => {
      const map = 'function (doc) { emit(doc.status || null); }';
      await db.put({ _id: '_design/counted', views: { byStatus: { map, reduce: '_count' } } });
      const query = (db as unknown as { query(view: string, opts: object): Promise<{ rows: unknown[] }> }).query.bind(db);
      expect((await query('counted/byStatus', { group: true })).rows).to.deep.equal([{ key: null, value: 1 }, { key: 'running', value: 1 }]);
      const counts = await storedRowCounts(`probe-mrview-${stringMd5(`${map}_countundefined`)}`);
      expect(counts && Object.fromEntries(counts), 'the counts of the index so named').to.deep.equal({ [toIndexableString(null)]: 1, [toIndexableString('running')]: 1 });
    });

    it('pouchdb-mapreduce-utils 9.0.0: NotFoundError is 404 not_found, BuiltInError 500 invalid_value (views/)', () => {
      expect({ ...new NotFoundError('x') }).to.include({ status: 404, name: 'not_found', message: 'x', error: true });
      expect({ ...new BuiltInError('y') }).to.include({ status: 500, name: 'invalid_value', message: 'y', error: true });
    });

    it('pouchdb-selector-core 9.0.0: massageSelector, and rowFilter on a massaged selector (changes/)', () => {
      const selector = massageSelector({ status: 'waiting' });
      expect(selector, 'massageSelector').to.deep.equal({ status: { $eq: 'waiting' } });
      expect(rowFilter({ _id: 'a', status: 'waiting' }, selector, ['status']), 'rowFilter: a match').to.equal(true);
      expect(rowFilter({ _id: 'b', status: 'done' }, selector, ['status']), 'rowFilter: no match').to.equal(false);
      // change-filter.ts's matchesRow turns this TypeError (an array element that is null) into "no match".
      const elemMatch = massageSelector({ history: { $elemMatch: { by: 'p1' } } });
      let outcome: unknown;
      try {
        outcome = rowFilter({ _id: 'c', history: [null] }, elemMatch, ['history']);
      } catch (err) {
        outcome = err;
      }
      if (outcome !== false) {
        expect(outcome, 'rowFilter on [null] under $elemMatch: false, or the TypeError matchesRow catches').to.be.instanceOf(TypeError);
        expect((outcome as TypeError).message).to.match(/^Cannot read properties of (null|undefined)/);
      }
    });

    it('pouchdb-wrappers 4.2.0: installWrapperMethods wraps bulkDocs and allDocs with (orig, args), args.docs and args.options replaceable (validation/, all-docs-by-keys.ts)', async () => {
      const wrapped = new store.PouchDB('probe-wrapped');
      // Open first: PouchDB queues a call made before, and makes it again, through the wrappers, once open.
      await wrapped.info();
      const seen: Array<{ base: unknown; ids: string[] }> = [];
      installWrapperMethods(wrapped, {
        async bulkDocs(orig, args) {
          seen.push({ base: args.base, ids: args.docs.map((doc) => String(doc._id)) });
          args.docs = args.docs.filter((doc) => doc._id !== 'refused');
          return orig();
        },
        async allDocs(orig, args) {
          args.options = { ...args.options, keys: ['kept'] };
          return orig();
        },
      });
      const rows = await wrapped.bulkDocs([{ _id: 'kept' }, { _id: 'refused' }]);
      expect(seen).to.have.length(1);
      expect(seen[0].base, 'args.base: the database').to.equal(wrapped);
      expect(seen[0].ids).to.deep.equal(['kept', 'refused']);
      expect(rows.map((row) => row.id), 'orig() writes args.docs as replaced').to.deep.equal(['kept']);
      const all = await wrapped.allDocs({ keys: ['refused', 'other'] });
      expect(all.rows.map((row) => row.key), 'orig() reads with args.options as replaced').to.deep.equal(['kept']);
    });

    it('couchdb-eval 4.2.0: evaluate(designDoc, {}, source) compiles a function with its declared parameters; a non-function is compilation_error (validation/validators.ts)', () => {
      const validate = evaluate({}, {}, 'function (newDoc, oldDoc, userCtx) { if (!newDoc.ok) throw {forbidden: "not ok"}; };');
      expect(validate).to.be.a('function');
      expect(validate.length, 'fn.length: whether it declares oldDoc').to.equal(3);
      expect(evaluate({}, {}, 'function (newDoc) {}').length).to.equal(1);
      expect(() => validate({ ok: true }, null, {})).to.not.throw();
      expect(() => validate({}, null, {})).to.throw().that.deep.equals({ forbidden: 'not ok' });
      expect(() => evaluate({}, {}, '42')).to.throw().that.includes({ status: 500, name: 'compilation_error' });
    });

    it('express-pouchdb 4.2.0 lib/create-or-delete-dbs: getOrCreateDB gives one object per name, the one its routes use (databases.ts)', async () => {
      const one = await getOrCreateDB(store.PouchDB, 'probe-cached');
      expect(one.name).to.equal('probe-cached');
      expect(await getOrCreateDB(store.PouchDB, 'probe-cached')).to.equal(one);
    });

    describe('express-pouchdb 4.2.0 on Express 4.22.3, as couch-app.ts builds it', () => {
      let app: App;
      let probe: { url: string; close(): Promise<void> };
      const userContexts: unknown[] = [];
      const auth = 'after:after';

      before(async () => {
        const guards = express.Router();
        guards.get('/_probe_session', (req, res) => { res.json(userContextOf(req)); });
        app = await createCouchApp({ PouchDB: store.PouchDB, rawStore: (name) => store.rawStore(name), dataDir: dir, admin: { login: 'after', password: 'after' }, guards });
        app.dbWrapper.registerWrapper((_name, wrappedDb, next) => {
          installWrapperMethods(wrappedDb, {
            bulkDocs(orig, args) {
              userContexts.push({ userCtx: args.options.userCtx });
              return orig();
            },
          });
          return next();
        });
        const outer = express();
        // As nodePathRewrite (node-routes.ts) does, once with req.url alone and once with both.
        outer.use((req, _res, next) => {
          if (req.url === '/_probe_url_only') req.url = '/_uuids';
          if (req.url === '/_probe_both') req.url = req.originalUrl = '/_uuids';
          next();
        });
        outer.use(app);
        probe = await listen(outer);
      });
      after(async () => {
        await probe.close();
      });

      it('has the app fields couch-app.ts uses: couchConfig, couchLogger, dbWrapper, setPouchDB', () => {
        for (const name of ['get', 'getSection', 'set', 'delete', 'registerDefault']) expect(app.couchConfig, `couchConfig.${name}`).to.respondTo(name);
        expect(app.couchLogger, 'couchLogger.setLevel').to.respondTo('setLevel');
        expect(app.dbWrapper, 'dbWrapper.registerWrapper').to.respondTo('registerWrapper');
        expect(app.setPouchDB, 'setPouchDB').to.be.a('function');
      });

      it('keeps its middleware in app._router.stack, the session middleware right after cookieParser, where the server\'s guards go', async () => {
        const stack = (app as unknown as { _router?: { stack?: Array<{ name: string }> } })._router?.stack;
        expect(stack, 'Express 4\'s app._router.stack').to.be.an('array');
        const at = (stack ?? []).findIndex((layer) => layer.name === 'cookieParser');
        expect(at, 'a layer named cookieParser').to.be.at.least(0);
        // The guards see the session the layer after cookieParser built: express-pouchdb's req.couchSession.
        const admin = await couchRequest(probe.url, 'GET', '/_probe_session', { auth });
        expect(admin.json, 'req.couchSession.userCtx of an admin').to.deep.include({ name: 'after' });
        expect(admin.json.roles).to.include('_admin');
        const anonymous = await couchRequest(probe.url, 'GET', '/_probe_session');
        expect(anonymous.json, 'req.couchSession.userCtx of no one').to.deep.include({ name: null });
      });

      it('hands bulkDocs wrappers the request\'s userCtx in options (validation/batch-validation.ts)', async () => {
        expect((await couchRequest(probe.url, 'PUT', '/probe-http', { auth })).status).to.equal(201);
        expect((await couchRequest(probe.url, 'POST', '/probe-http/_bulk_docs', { auth, body: { docs: [{ _id: 'a' }] } })).status).to.equal(201);
        expect(userContexts).to.have.length(1);
        expect(userContexts[0]).to.have.nested.property('userCtx.name', 'after');
      });

      it('wraps database methods as own properties, leaving changes() and getSecurity() of the prototype unwrapped (changes/core-methods.ts)', async () => {
        const wrapped = await getOrCreateDB(store.PouchDB, 'probe-http');
        const prototype = Object.getPrototypeOf(wrapped) as Record<string, unknown>;
        for (const name of ['changes', 'getSecurity']) {
          expect(Object.prototype.hasOwnProperty.call(wrapped, name), `${name}: an own, wrapped property`).to.equal(true);
          expect(prototype[name], `${name} of the prototype`).to.be.a('function').and.not.equal((wrapped as unknown as Record<string, unknown>)[name]);
        }
        const changes = await coreChanges(wrapped, { since: 0 });
        expect(changes.results.map((change) => change.id)).to.deep.equal(['a']);
        expect(await coreGetSecurity(wrapped)).to.be.an('object');
      });

      it('answers JSON through res.type(\'text/plain\') unless JSON is asked for (couch-welcome.ts jsonContentType turns it into application/json)', async () => {
        const answer = await couchRequest(probe.url, 'GET', '/_uuids', { auth, headers: { accept: '*/*' } });
        expect(answer.status).to.equal(200);
        expect(answer.headers.get('content-type')).to.match(/^text\/plain/);
      });

      it('rebuilds req.url from req.originalUrl in its vhost step, so node-routes.ts\'s nodePathRewrite sets both', async () => {
        expect((await couchRequest(probe.url, 'GET', '/_probe_url_only', { auth })).status, 'req.url alone rewritten: undone').to.equal(404);
        const both = await couchRequest(probe.url, 'GET', '/_probe_both', { auth });
        expect(both.status, 'both rewritten').to.equal(200);
        expect(both.json).to.have.property('uuids');
      });
    });
  });
});
