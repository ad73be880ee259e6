// The flags of every command that talks to the tasks database: which server and which database,
// over the config file and the environment. No credentials among them: a password on a command
// line is visible to every user of the machine (`ps`) and kept in pm2's process list, so it
// comes from the config file or AFTER_COUCH_URL.
import type { Command } from 'commander';
import { tasksClient } from '../api/client';
import type { AfterClient } from '../api/types';
import { loadConfig, type ConfigOverrides } from '../config/config';
import { connect, type TasksDatabase } from '../db/connection';
import { portFlag } from './flag-parsers';

export interface ConnectionFlags {
  host?: string;
  port?: number;
  db?: string;
}

export function addConnectionOptions(command: Command): Command {
  return command
    .option('--host <host>', 'the database server\'s host (default: config "host", 127.0.0.1)')
    .option('--port <n>', 'its port (default: config "port", 5984)', portFlag)
    .option('--db <name>', 'the tasks database (default: config "db", tasks)');
}

/** The connection flags given, as config overrides. */
export function connectionOverrides(flags: ConnectionFlags): Pick<ConfigOverrides, 'host' | 'port' | 'db'> {
  return { host: flags.host, port: flags.port, db: flags.db };
}

/** The tasks database the config file, the environment and the flags name, and the library's client of it. */
export function tasksDatabaseOf(flags: ConnectionFlags & { config?: string }): { database: TasksDatabase; client: AfterClient } {
  const database = connect(loadConfig({ config: flags.config, ...connectionOverrides(flags) }));
  return { database, client: tasksClient(database) };
}
