// The CouchDB a test suite runs against: the embedded server (`bin/after db`, started here)
// or, when AFTER_TEST_COUCH_URL is set (http://admin:password@host:5984), a real CouchDB 3.x.
// For a cluster, give every node, comma-separated: suites that start several processes
// point each at another node, as a cluster's users do.
// Each suite works in databases of its own, so a shared CouchDB is left as it was.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedDb, type EmbeddedDb } from './embedded-db';

export interface TestCouch {
  /** With credentials: the first node. */
  url: string;
  /** Every node given (one for the embedded server or a single node). */
  urls: string[];
  /** The embedded server when this suite started one; null on an external CouchDB. */
  embedded: EmbeddedDb | null;
  /** How many copies of each document `db` keeps (CouchDB's `cluster.n`; 1 on the embedded server). */
  copies(db: string): Promise<number>;
  /** Creates an empty database with a fresh name, and returns the name. */
  newDatabase(prefix: string): Promise<string>;
  /** Writes a config.json for `db` and `jobsDir` into `dir`, pointing at node number `node` (modulo the nodes); returns its path. */
  writeConfig(dir: string, db: string, jobsDir: string, name?: string, node?: number): string;
  /** Deletes the databases it created and stops the server it started. */
  close(): Promise<void>;
}

async function couchRequest(url: string, method: string, pathname: string): Promise<number> {
  const parsed = new URL(url);
  const auth = Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64');
  const response = await fetch(`${parsed.protocol}//${parsed.host}${pathname}`, { method, headers: { authorization: `Basic ${auth}` } });
  await response.arrayBuffer();
  return response.status;
}

/** `external`: the nodes of a real CouchDB (default: AFTER_TEST_COUCH_URL's); none for the embedded server. */
export async function openTestCouch(
  external = process.env.AFTER_TEST_COUCH_URL?.split(',').map((url) => url.trim()).filter(Boolean),
): Promise<TestCouch> {
  const embedded = external?.length ? null : await startEmbeddedDb();
  const urls = embedded ? [embedded.url] : external as string[];
  const url = urls[0];
  const created: string[] = [];
  return {
    url,
    urls,
    embedded,
    async copies(db) {
      const parsed = new URL(url);
      const auth = Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64');
      const response = await fetch(`${parsed.protocol}//${parsed.host}/${db}`, { headers: { authorization: `Basic ${auth}` } });
      const info = await response.json() as { cluster?: { n?: number } };
      return info.cluster?.n ?? 1;
    },
    async newDatabase(prefix) {
      const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
      const status = await couchRequest(url, 'PUT', `/${name}`);
      if (status !== 201 && status !== 202) throw new Error(`PUT /${name} answered ${status}`);
      created.push(name);
      return name;
    },
    writeConfig(dir, db, jobsDir, name = `config-${db}.json`, node = 0) {
      const file = path.join(dir, name);
      const parsed = new URL(urls[node % urls.length]);
      fs.writeFileSync(file, JSON.stringify({
        login: decodeURIComponent(parsed.username),
        password: decodeURIComponent(parsed.password),
        host: parsed.hostname,
        port: Number(parsed.port || 80),
        db,
        jobs: jobsDir,
      }));
      return file;
    },
    async close() {
      if (embedded) {
        await embedded.stop();
        return;
      }
      for (const name of created) await couchRequest(url, 'DELETE', `/${name}`);
    },
  };
}
