// The server the bench measures: the embedded one (`bin/after db`, started here on a free port
// with a temporary data directory) or a real CouchDB given with --couch. Each scenario run
// works in a database of its own, deleted afterwards, and on the embedded server in a server
// process of its own: view indexing a run sets off goes on after it (minutes for 20,000
// tasks) and must not slow the next one down.
import { startEmbeddedDb } from '../../test/support/embedded-db';
import { removeTempDir } from '../../test/support/temp-dir';
import type { Cleanup } from './cleanup';
import { CouchClient } from './couch-client';
import { runSetup, type AfterTarget } from './after-cli';

export interface BenchDatabase extends AfterTarget {
  /** Deletes the database (also done by the cleanup if the run fails). */
  drop(): Promise<void>;
}

export interface BenchCouch {
  client: CouchClient;
  /** The server's process id: the embedded server's, or the --couch-pid given for an external CouchDB (else null). */
  serverPid: number | null;
  /** Stops the embedded server and removes its data; nothing on an external CouchDB. */
  close(): Promise<void>;
  /**
   * A fresh database named `name`, prepared with `after setup` unless `setup` is false (a
   * bare database, without After's design document). A leftover of an interrupted bench on
   * an external CouchDB is deleted first.
   */
  newDatabase(name: string, configFile: string, setup?: boolean): Promise<BenchDatabase>;
}

/** `setupArgs`: given to every `after setup` (['--dashboard'] installs the dashboard's views too). */
export async function openBenchCouch(couchUrl: string | undefined, cleanup: Cleanup, nodeArgs: string[] = [], couchPid: number | null = null,
  setupArgs: readonly string[] = []): Promise<BenchCouch> {
  let url = couchUrl;
  let serverPid: number | null = couchPid;
  let close = async (): Promise<void> => undefined;
  if (url === undefined) {
    const embedded = await startEmbeddedDb({ nodeArgs });
    close = cleanup.defer(`stop the embedded database ${embedded.pid}`, async () => {
      await embedded.stop();
      removeTempDir(embedded.dir);
    });
    url = embedded.url;
    serverPid = embedded.pid;
  }
  const client = new CouchClient(url);
  await client.json('GET', '/'); // fails early on a wrong URL or credentials
  const couchUrlWithCredentials = url;

  return {
    client,
    serverPid,
    close,
    async newDatabase(name, configFile, setup = true) {
      await deleteIfPresent(client, name);
      const target: AfterTarget = { couchUrl: couchUrlWithCredentials, db: name, configFile };
      const drop = cleanup.defer(`delete database ${name}`, () => deleteIfPresent(client, name));
      if (setup) await runSetup(target, setupArgs);
      else await client.json('PUT', `/${encodeURIComponent(name)}`);
      return { ...target, drop };
    },
  };
}

async function deleteIfPresent(client: CouchClient, name: string): Promise<void> {
  const { status, body } = await client.request('DELETE', `/${encodeURIComponent(name)}`);
  if (status !== 200 && status !== 202 && status !== 404) {
    throw new Error(`DELETE /${name} answered ${status}: ${JSON.stringify(body)}`);
  }
}
