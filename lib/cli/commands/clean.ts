// `after clean <name>`: empties the log files of a background worker (or the database, `db`).
import { Command } from 'commander';
import { withPm2 } from '../../pm2/connection';
import { flushLogs } from '../../pm2/flush';
import { knownProcesses } from '../background/known-process';
import { logFiles } from '../background/log-files';
import { describeName, pm2NameOf } from '../background/process-names';

export function cleanCommand(): Command {
  return new Command('clean')
    .description('empty the log of a worker running in the background (or of the database: db)')
    .argument('<name>', 'the worker name, or db')
    .option('--config <file>', 'accepted as by every command; what runs is pm2\'s to say (PM2_HOME)')
    .addHelpText('after', '\nExample:\n  after clean manobi')
    .action(async (name: string) => {
      const files = await withPm2(async (pm2) => {
        const processes = await knownProcesses(pm2, name);
        await flushLogs(pm2, pm2NameOf(name));
        return logFiles(processes);
      });
      process.stdout.write(`emptied the log of ${describeName(name)}: ${files.join(', ')}\n`);
    });
}
