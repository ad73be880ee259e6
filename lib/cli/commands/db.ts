// `after db`: the embedded CouchDB-compatible server in the foreground, until SIGINT/SIGTERM.
import { Command } from 'commander';
import { loadConfig } from '../../config/config';
import { packageVersion } from '../../config/package-version';
import { portFlag } from '../flag-parsers';
import { forwardedOptions } from '../background/forwarded-options';
import { startDbInBackground } from '../background/start-db';
import { messageOf } from '../../log';

interface DbFlags {
  db?: string;
  port?: number;
  dir?: string;
  host?: string;
  config?: string;
  background?: boolean;
  /** False with --no-dashboard. */
  dashboard: boolean;
}

/** Where the server reaches itself: its listening address, or loopback for a wildcard one. */
function selfHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export function dbCommand(): Command {
  return new Command('db')
    .description('run the embedded CouchDB-compatible server (PouchDB on LevelDB, Fauxton at /_utils)')
    .option('--port <n>', 'the port to listen on (default: config "port", 5984)', portFlag)
    .option('--dir <dir>', 'the data directory (default: config "data_dir", ./data)')
    .option('--host <host>', 'the address to listen on (default: config "host", 127.0.0.1)')
    .option('--db <name>', 'the tasks database to create if missing (default: config "db", tasks)')
    .option('--config <file>', 'the config file (default: ./config.json)')
    .option('-b, --background', 'run it in the background under pm2 as after-db (after stop db stops it)')
    .option('--no-dashboard', 'do not serve the dashboard (after dashboard) at /_after/ on the same port')
    .addHelpText('after', '\nThe admin is config "login"/"password" (default after/after); the tasks database (config "db") is created if missing.\n\nExamples:\n  after db --port 5984 --dir ./data\n  after db -b                     # under pm2 as after-db; after stop db stops it\n\nThe dashboard (see after dashboard --help) is served at /_after/ unless --no-dashboard.')
    .action(async (flags: DbFlags, command: Command) => {
      const config = loadConfig({ config: flags.config, port: flags.port, host: flags.host, dir: flags.dir, db: flags.db });
      if (flags.background) {
        await startDbInBackground(forwardedOptions(command), config);
        return;
      }
      const writeError = (line: string): void => { process.stderr.write(`${new Date().toISOString()} [db] ${line}\n`); };
      // Last line of defence: the routes answer every known bad request themselves.
      process.on('unhandledRejection', (reason) => {
        writeError(`unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
      });
      // The one import across the embedded server's fence (.dependency-cruiser.cjs): made
      // here, when the server starts, so that no other command loads its code or its packages.
      const { startServer } = await import('../../server/server');
      // The dashboard talks to this server over HTTP, as to any CouchDB: its address is known once listening.
      const target = { couchUrl: '', db: config.db };
      const dashboard = flags.dashboard ? (await import('../../dashboard/routes')).dashboardHandler({ target, base: '/_after/', log: writeError }) : null;
      const server = await startServer({
        host: config.host,
        port: config.port,
        dataDir: config.dataDir,
        admin: { login: config.login, password: config.password },
        tasksDb: config.db,
        version: packageVersion(),
        log: writeError,
        mount: dashboard ? { path: '/_after', handler: dashboard } : undefined,
      });
      target.couchUrl = `http://${selfHost(config.host)}:${server.port}`;
      process.stdout.write(`After database listening on ${server.url} (Fauxton: ${server.url}/_utils)\n`);
      if (dashboard) process.stdout.write(`After dashboard at ${server.url}/_after/\n`);
      const stop = (): void => {
        dashboard?.close();
        server.close().then(
          () => process.exit(0),
          (err: unknown) => {
            writeError(`closing failed: ${messageOf(err)}`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
