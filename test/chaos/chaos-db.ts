// The database chaos runs on: the embedded server, which it kills and restarts, or a real
// CouchDB (one node or every node of a cluster), whose nodes it stops and starts with the
// user's commands, one at a time.
import { startEmbeddedDb } from '../support/embedded-db';
import { TasksClient } from '../support/tasks-client';
import { openTestCouch } from '../support/test-couch';
import { isUp, nodeCommand, runCommand, waitUntilUp } from './couch-nodes';
import { hidePasswords } from './couch-url';
import { between, sleep } from './timing';

/** How long the database stays down when it is killed: well under a lease renewal's reach is not promised; keep it a few seconds. */
const DB_DOWN_MS = { min: 1000, max: 4000 };

export interface ChaosDb {
  /** The config file for a worker process on node `node` (0-based, modulo the nodes). */
  configFile(node: number): string;
  /** A client through a node that is up now (another one at each call), or null while none is. */
  client(): TasksClient | null;
  /** One database havoc event: down for a few seconds, then up again; null when this database has none. */
  havoc: (() => Promise<void>) | null;
  /** Database havoc events done. */
  restarts(): number;
  /** Stops or deletes what chaos started or created; with `keep`, leaves the data, and says where it is. */
  close(keep: boolean): Promise<string>;
}

export interface NodeCommands {
  stop: string;
  start: string;
}

type Log = (line: string) => void;

/** The embedded server, with its data in `dataDir`. */
export async function embeddedChaosDb(dataDir: string, log: Log): Promise<ChaosDb> {
  const db = await startEmbeddedDb({ dir: dataDir });
  const client = new TasksClient(db.url, db.db);
  let down = false;
  let restarts = 0;
  return {
    configFile: () => db.configFile,
    client: () => (down ? null : client),
    async havoc() {
      down = true;
      log('killing the database');
      await db.kill();
      await sleep(between(DB_DOWN_MS.min, DB_DOWN_MS.max));
      await db.restart();
      down = false;
      restarts += 1;
      log('database restarted');
    },
    restarts: () => restarts,
    async close(keep) {
      await db.stop();
      return keep ? `the embedded database's data in ${db.dir}` : '';
    },
  };
}

/** A fresh database on the CouchDB whose nodes are `urls`; config files for its nodes go to `dir`. */
export async function couchChaosDb(urls: string[], commands: NodeCommands | null, dir: string, jobsDir: string, log: Log): Promise<ChaosDb> {
  for (const [i, url] of urls.entries()) {
    if (!(await isUp(url))) throw new Error(`node ${i + 1} (${hidePasswords(url)}) does not answer /_up with 200`);
  }
  const couch = await openTestCouch(urls);
  const db = await couch.newDatabase('after_chaos');
  log(`database ${db} on ${urls.map(hidePasswords).join(', ')}`);
  if (!commands) log('no --node-stop / --node-start: no database havoc on CouchDB, only worker processes are stopped and killed');
  const configs = urls.map((_, i) => couch.writeConfig(dir, db, jobsDir, `config-node${i + 1}.json`, i));
  const clients = urls.map((url) => new TasksClient(url, db));
  const nodes = commands ? nodeRestarts(urls, commands, log) : null;
  let turn = 0;
  return {
    configFile: (node) => configs[node % configs.length],
    client() {
      const up = clients.filter((_, i) => i !== nodes?.down());
      turn += 1;
      return up.length > 0 ? up[turn % up.length] : null;
    },
    havoc: nodes && nodes.restartOne,
    restarts: () => nodes?.restarts() ?? 0,
    async close(keep) {
      await nodes?.bringBack();
      if (keep) return `the database ${db} on ${hidePasswords(urls[0])}`;
      await couch.close();
      return '';
    },
  };
}

/** Stops a node picked at random and starts it again; one node at a time. */
function nodeRestarts(urls: string[], commands: NodeCommands, log: Log) {
  let down: number | null = null;
  let restarts = 0;
  const bringUp = async (node: number): Promise<void> => {
    await runCommand(nodeCommand(commands.start, node + 1));
    await waitUntilUp(urls[node]);
    down = null;
    log(`node ${node + 1} up again`);
  };
  return {
    /** The index of the node that is down, if any. */
    down: () => down,
    restarts: () => restarts,
    async restartOne(): Promise<void> {
      const node = Math.floor(Math.random() * urls.length);
      down = node;
      log(`stopping node ${node + 1} (${hidePasswords(urls[node])})`);
      await runCommand(nodeCommand(commands.stop, node + 1));
      await sleep(between(DB_DOWN_MS.min, DB_DOWN_MS.max));
      await bringUp(node);
      restarts += 1;
    },
    /** Starts the node a failed event left down. */
    async bringBack(): Promise<void> {
      if (down !== null) await bringUp(down);
    },
  };
}
