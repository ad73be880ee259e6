// The database fuzz runs against: a new embedded server, or a fresh database on a real CouchDB
// (one node, or the nodes of a cluster, a worker process on each of the first two).
import path from 'node:path';
import { startEmbeddedDb } from '../support/embedded-db';
import { openTestCouch } from '../support/test-couch';

export interface FuzzTarget {
  /** The server's address, without credentials: http://127.0.0.1:5984 */
  base: string;
  /** The Authorization header's value. */
  authorization: string;
  db: string;
  /** The config file of worker process `i`. */
  configFile(i: number): string;
  /** After's own server, whose 5xx answers are its bugs; not so a real CouchDB's, which answers some junk with 500 itself. */
  ownServer: boolean;
  /** Null while the server lives and serves; otherwise what happened to it. */
  serverProblem(): Promise<string | null>;
  /** The server's log lines that tell of an error it did not handle (the embedded server only). */
  unhandledErrors(): string[];
  close(keep: boolean): Promise<void>;
}

function authorizationOf(url: string): string {
  const { username, password } = new URL(url);
  return `Basic ${Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64')}`;
}

async function isUp(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/_up`)).status === 200;
  } catch {
    return false;
  }
}

export async function embeddedTarget(dir: string): Promise<FuzzTarget> {
  const server = await startEmbeddedDb({ dir: path.join(dir, 'db-data') });
  return {
    base: server.plainUrl,
    authorization: authorizationOf(server.url),
    db: server.db,
    ownServer: true,
    configFile: () => server.configFile,
    async serverProblem() {
      const exit = server.exit();
      if (exit) return `after db exited (${exit.code ?? exit.signal})`;
      return (await isUp(server.plainUrl)) ? null : 'after db does not answer /_up';
    },
    unhandledErrors: () => server.output().split('\n').filter((line) => /unhandled|uncaught/i.test(line)),
    close: () => server.stop(),
  };
}

export async function couchTarget(urls: string[], dir: string, jobsDir: string): Promise<FuzzTarget> {
  const couch = await openTestCouch(urls);
  const db = await couch.newDatabase('after_fuzz');
  const configs = urls.map((_, i) => couch.writeConfig(dir, db, jobsDir, `config-node${i + 1}.json`, i));
  const { protocol, host } = new URL(urls[0]);
  return {
    base: `${protocol}//${host}`,
    authorization: authorizationOf(urls[0]),
    db,
    ownServer: false,
    configFile: (i) => configs[i % configs.length],
    async serverProblem() {
      for (const url of urls) {
        const { protocol: p, host: h } = new URL(url);
        if (!(await isUp(`${p}//${h}`))) return `${p}//${h} does not answer /_up`;
      }
      return null;
    },
    unhandledErrors: () => [],
    async close(keep) {
      if (!keep) await couch.close();
    },
  };
}
