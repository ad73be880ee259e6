// Never admin party: who may read and write what, as CouchDB 3 with databases admin-only.
import { expect } from 'chai';
import { couchRequest } from '../support/couch-request';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';

describe('embedded server: access', function () {
  this.timeout(30_000);
  let server: EmbeddedDb;
  let base: string;
  const admin = 'after:after';
  const bob = 'bob:bobsecret';

  before(async () => {
    server = await startEmbeddedDb();
    base = server.plainUrl;
    const user = { _id: 'org.couchdb.user:bob', name: 'bob', password: 'bobsecret', type: 'user', roles: [] };
    expect((await couchRequest(base, 'PUT', '/_users/org.couchdb.user:bob', { auth: admin, body: user })).status).to.equal(201);
  });

  after(async () => {
    await server.stop();
  });

  it('lets anonymous clients see only the welcome, /_up and Fauxton', async () => {
    expect((await couchRequest(base, 'GET', '/')).status).to.equal(200);
    expect((await couchRequest(base, 'GET', '/_up')).json).to.deep.include({ status: 'ok' });
    const fauxton = await couchRequest(base, 'GET', '/_utils/', { headers: { accept: 'text/html' } });
    expect(fauxton.status).to.equal(200);
    expect(fauxton.text).to.match(/<html/i);
  });

  for (const [method, path] of [
    ['GET', '/tasks'], ['GET', '/tasks/_all_docs'], ['POST', '/tasks'], ['GET', '/tasks/_changes'],
    ['GET', '/_all_dbs'], ['PUT', '/newdb'], ['DELETE', '/tasks'], ['GET', '/_config'],
  ] as const) {
    it(`answers anonymous ${method} ${path} with 401 unauthorized`, async () => {
      const answer = await couchRequest(base, method, path, method === 'POST' ? { body: { worker: 'x' } } : {});
      expect(answer.status).to.equal(401);
      expect(answer.json.error).to.equal('unauthorized');
    });
  }

  it('refuses a wrong password', async () => {
    const answer = await couchRequest(base, 'GET', '/tasks', { auth: 'after:wrong' });
    expect(answer.status).to.equal(401);
  });

  it('creates the tasks database at start, readable and writable by the configured admin only', async () => {
    const security = await couchRequest(base, 'GET', '/tasks/_security', { auth: admin });
    expect(security.json.members.names).to.deep.equal(['after']);
    expect(security.json.admins.names).to.deep.equal(['after']);
    expect((await couchRequest(base, 'POST', '/tasks', { auth: admin, body: { worker: 'w' } })).status).to.equal(201);
    expect((await couchRequest(base, 'GET', '/tasks/_all_docs', { auth: bob })).status).to.be.oneOf([401, 403]);
    expect((await couchRequest(base, 'POST', '/tasks', { auth: bob, body: { worker: 'w' } })).status).to.be.oneOf([401, 403]);
    expect((await couchRequest(base, 'GET', '/tasks/_changes', { auth: bob })).status).to.equal(403);
  });

  it('lets only server admins create databases, each admin-only from the start', async () => {
    const refused = await couchRequest(base, 'PUT', '/bobs', { auth: bob });
    expect(refused.status).to.equal(401);
    expect(refused.json.reason).to.equal('You are not a server admin.');

    expect((await couchRequest(base, 'PUT', '/created', { auth: admin })).status).to.equal(201);
    expect((await couchRequest(base, 'PUT', '/created', { auth: admin })).status).to.equal(412);
    expect((await couchRequest(base, 'GET', '/created', { auth: admin })).status).to.equal(200);
    const security = await couchRequest(base, 'GET', '/created/_security', { auth: admin });
    expect(security.json.members.roles).to.deep.equal(['_admin']);
    expect((await couchRequest(base, 'GET', '/created/_all_docs', { auth: bob })).status).to.be.oneOf([401, 403]);
    expect((await couchRequest(base, 'POST', '/created', { auth: bob, body: { a: 1 } })).status).to.be.oneOf([401, 403]);

    const illegal = await couchRequest(base, 'PUT', '/Bad%20Name', { auth: admin });
    expect(illegal.status).to.equal(400);
    expect(illegal.json.error).to.equal('illegal_database_name');
  });

  it('keeps _all_dbs for server admins', async () => {
    expect((await couchRequest(base, 'GET', '/_all_dbs', { auth: bob })).status).to.equal(401);
    const dbs = await couchRequest(base, 'GET', '/_all_dbs', { auth: admin });
    expect(dbs.json).to.include('tasks');
  });

  it('gives an AuthSession cookie with Max-Age and Expires, which then authenticates', async () => {
    const login = await couchRequest(base, 'POST', '/_session', { body: { name: 'after', password: 'after' } });
    expect(login.status).to.equal(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).to.match(/^AuthSession=[^;]+;/);
    expect(cookie).to.match(/Max-Age=600/);
    expect(cookie).to.match(/Expires=/);
    const session = cookie.split(';')[0];
    const answer = await couchRequest(base, 'GET', '/tasks', { headers: { cookie: session } });
    expect(answer.status).to.equal(200);
    expect(answer.json.db_name).to.equal('tasks');
  });
});
