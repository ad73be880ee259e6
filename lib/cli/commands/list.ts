// `after list`: After's processes under pm2, as a table or as JSON for scripts.
import { Command } from 'commander';
import { withPm2 } from '../../pm2/connection';
import { listProcesses } from '../../pm2/list';
import { backgroundProcesses } from '../background/background-processes';
import { listTable } from '../background/list-table';

export function listCommand(): Command {
  return new Command('list')
    .description('list the workers (and the database) running in the background under pm2')
    .option('--json', 'print a JSON array: name, kind, pm2_name, processes, status, uptime_ms, restarts, memory_bytes')
    .option('--config <file>', 'accepted as by every command; what runs is pm2\'s to say (PM2_HOME)')
    .addHelpText('after', '\nExamples:\n  after list\n  after list --json')
    .action(async (flags: { json?: boolean }) => {
      const rows = backgroundProcesses(await withPm2(listProcesses));
      if (flags.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else if (rows.length === 0) process.stdout.write('no After worker runs in the background; start one with: after start <name> -b\n');
      else process.stdout.write(listTable(rows));
    });
}
