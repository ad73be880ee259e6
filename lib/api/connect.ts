// `connect`: the library's way in, from a URL and a database name.
import { parseCouchUrl } from '../config/config';
import { connect as connectDatabase, type TasksDatabase } from '../db/connection';
import { currentSeq } from '../db/open-tasks';
import { setupNeededOr } from '../db/setup-needed';
import { tasksClient, type AfterClient } from './client';

export interface ConnectOptions {
  /** The CouchDB server (or `after db`), with its credentials: `http://after:after@127.0.0.1:5984`. */
  url: string;
  /** The tasks database. Default `tasks`. */
  db?: string;
}

/** The database the options name (ConfigError for a URL that is none); nothing is sent yet. */
export function databaseOf(options: ConnectOptions): TasksDatabase {
  return connectDatabase({ ...parseCouchUrl(options.url, 'option url'), db: options.db ?? 'tasks' });
}

/**
 * A client of the tasks database, once it has answered: rejects with DatabaseUnavailableError
 * when it cannot be reached, DatabaseRefusedError for refused credentials, SetupNeededError
 * when the database does not exist (`after setup`, or a worker's start, creates it).
 */
export async function connect(options: ConnectOptions): Promise<AfterClient> {
  const database = databaseOf(options);
  await currentSeq(database).catch((err: unknown) => { throw setupNeededOr(err, database); });
  return tasksClient(database);
}
