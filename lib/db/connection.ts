// One nano client per process, pointed at the tasks database the config names.
import nano from 'nano';
import { couchUrl, redactedUrl, type CouchAddress } from '../config/config';
import type { TaskDoc } from '../task/types';

export interface TasksDatabase {
  server: nano.ServerScope;
  db: nano.DocumentScope<TaskDoc>;
  /** The database's name. */
  name: string;
  /** The server's URL without the password, for messages. */
  where: string;
}

/** `config`: an AfterConfig, or the address a URL gives (parseCouchUrl) and the database's name. */
export function connect(config: CouchAddress & { db: string }): TasksDatabase {
  const server = nano({ url: couchUrl(config) });
  return { server, db: server.use<TaskDoc>(config.db), name: config.db, where: `${redactedUrl(config)}/${config.db}` };
}
