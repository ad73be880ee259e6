// One nano client per process, pointed at the tasks database the config names.
import nano from 'nano';
import type { AfterConfig } from '../config/config';
import { couchUrl, redactedUrl } from '../config/config';
import type { TaskDoc } from '../task/types';

export interface TasksDatabase {
  server: nano.ServerScope;
  db: nano.DocumentScope<TaskDoc>;
  /** The database's name. */
  name: string;
  /** The server's URL without the password, for messages. */
  where: string;
}

export function connect(config: AfterConfig): TasksDatabase {
  const server = nano({ url: couchUrl(config) });
  return { server, db: server.use<TaskDoc>(config.db), name: config.db, where: `${redactedUrl(config)}/${config.db}` };
}
