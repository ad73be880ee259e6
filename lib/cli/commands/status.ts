// `after status [worker]`: how many tasks each worker has in each status.
import { Command } from 'commander';
import { liveProcessCounts } from '../../db/heartbeats';
import { statusTable } from '../status-table';
import { noLiveProcessWarning } from '../no-live-process';
import { OPEN_STATUSES } from '../../task/types';
import { addConnectionOptions, tasksDatabaseOf, type ConnectionFlags } from '../connection-options';

interface StatusFlags extends ConnectionFlags {
  json?: boolean;
  config?: string;
}

const EXAMPLES = `
Examples:
  after status
  after status manobi --json`;

export function statusCommand(): Command {
  return addConnectionOptions(new Command('status')
    .description('count tasks by status, per worker')
    .argument('[worker]', 'only this worker')
    .option('--json', 'print JSON: { "<worker>": { "<status>": n, ... } }')
    .option('--config <file>', 'the config file (default: ./config.json)'))
    .addHelpText('after', EXAMPLES)
    .action(async (worker: string | undefined, flags: StatusFlags) => {
      const { database, client } = tasksDatabaseOf(flags);
      const counts = await client.counts(worker);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(counts, null, 2)}\n`);
      } else if (Object.keys(counts).length === 0) {
        process.stdout.write(worker === undefined ? 'no tasks\n' : `no tasks for worker '${worker}'\n`);
      } else {
        process.stdout.write(`${statusTable(counts)}\n`);
      }
      // On stderr, so that the table and the JSON stay as they are for scripts.
      const live = await liveProcessCounts(database, worker);
      for (const [name, byStatus] of Object.entries(counts)) {
        const open = OPEN_STATUSES.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
        if (open > 0 && !live.has(name)) process.stderr.write(`after: ${noLiveProcessWarning(name, open)}\n`);
      }
    });
}
