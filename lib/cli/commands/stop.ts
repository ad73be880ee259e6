// `after stop <name>`: stops a background worker (or the database, `db`) gracefully and removes
// it from pm2's list.
import { Command } from 'commander';
import { withPm2 } from '../../pm2/connection';
import { stopAndDelete } from '../../pm2/stop';
import { knownProcesses } from '../background/known-process';
import { describeName, pm2NameOf } from '../background/process-names';

export function stopCommand(): Command {
  return new Command('stop')
    .description('stop a worker running in the background (or the database: db), gracefully, and remove it from pm2')
    .argument('<name>', 'the worker name, or db for the database started with after db -b')
    .option('--config <file>', 'accepted as by every command; what runs is pm2\'s to say (PM2_HOME)')
    .addHelpText('after', '\nThe worker takes no new work, lets running jobs finish within its --grace, hands back the tasks it held, and exits.\n\nExamples:\n  after stop manobi\n  after stop db')
    .action(async (name: string) => {
      await withPm2(async (pm2) => {
        await knownProcesses(pm2, name);
        await stopAndDelete(pm2, pm2NameOf(name));
      });
      process.stdout.write(`stopped ${describeName(name)} (pm2 ${pm2NameOf(name)})\n`);
    });
}
