// `after dashboard`: the web page for people (lib/dashboard) in the foreground, until SIGINT/SIGTERM.
import { Command } from 'commander';
import { couchUrl, loadConfig, parseCouchUrl } from '../../config/config';
import { messageOf } from '../../log';
import { portFlag } from '../flag-parsers';

interface DashboardFlags {
  port: number;
  bind: string;
  couch?: string;
  db?: string;
  config?: string;
}

export const DASHBOARD_PORT = 5985;

const HELP = `
People log in with the database's own users (CouchDB's session cookie); the dashboard keeps no
credentials, and uses none of the config's or the URL's: a user or password in --couch or
AFTER_COUCH_URL is left out. Its views (_design/after-dashboard) are installed at the first
login of a database admin, or by \`after setup --dashboard\`.

Examples:
  after dashboard
  after dashboard --port 8080 --couch http://127.0.0.1:5984 --db tasks
  after dashboard --bind 0.0.0.0       # reachable from other machines (a phone)`;

export function dashboardCommand(): Command {
  return new Command('dashboard')
    .description('serve the web dashboard of a tasks database: counts, failures, due tasks, lateness, search, actions')
    .option('--port <n>', 'the port to listen on', portFlag, DASHBOARD_PORT)
    .option('--bind <address>', 'the address to listen on', '127.0.0.1')
    .option('--couch <url>', 'the database server, e.g. http://127.0.0.1:5984 (default: config "host" and "port", or AFTER_COUCH_URL)')
    .option('--db <name>', 'the tasks database (default: config "db", tasks)')
    .option('--config <file>', 'the config file (default: ./config.json)')
    .addHelpText('after', HELP)
    .action(async (flags: DashboardFlags) => {
      const config = loadConfig({ config: flags.config, db: flags.db });
      const address = flags.couch === undefined ? config : parseCouchUrl(flags.couch, '--couch');
      // Only where the server is: people's own sessions reach it, never After's credentials.
      const target = { couchUrl: couchUrl({ ...address, login: '', password: '' }), db: config.db };
      const log = (line: string): void => { process.stderr.write(`${new Date().toISOString()} [dashboard] ${line}\n`); };
      // Loaded here, so that the other commands (a worker's start above all) do not load the dashboard.
      const { startDashboard } = await import('../../dashboard/server');
      const server = await startDashboard({ target, host: flags.bind, port: flags.port, log });
      process.stdout.write(`After dashboard listening on ${server.url} (database ${target.couchUrl}/${target.db})\n`);
      const stop = (): void => {
        server.close().then(() => process.exit(0), (err: unknown) => {
          log(`closing failed: ${messageOf(err)}`);
          process.exit(1);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
