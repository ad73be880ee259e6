// `connect`: the library's way in, from a URL and a database name.
import { currentSeq } from '../db/open-tasks';
import { setupNeededOr } from '../db/setup-needed';
import { databaseOf, tasksClient } from './client';
import type { AfterClient, ConnectOptions } from './types';

/**
 * A client of the tasks database, once it has answered: rejects with ConfigError for a URL
 * that is none, DatabaseUnavailableError when the server cannot be reached,
 * DatabaseRefusedError for refused credentials, and SetupNeededError when the database does
 * not exist (`after setup`, or a worker's start, creates it).
 */
export async function connect(options: ConnectOptions): Promise<AfterClient> {
  const database = databaseOf(options);
  await currentSeq(database).catch((err: unknown) => { throw setupNeededOr(err, database); });
  return tasksClient(database);
}
