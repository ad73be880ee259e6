// `after setup`: creates the tasks database and installs its design document. Idempotent.
import { Command } from 'commander';
import { loadConfig } from '../../config/config';
import { bootstrap } from '../../db/bootstrap';
import { connect } from '../../db/connection';

export function setupCommand(): Command {
  return new Command('setup')
    .description('create the tasks database and install or upgrade its design document (idempotent)')
    .option('--config <file>', 'the config file (default: ./config.json)')
    .addHelpText('after', '\nExample:\n  after setup --config ./config.json')
    .action(async (flags: { config?: string }) => {
      const config = loadConfig({ config: flags.config });
      const database = connect(config);
      const report = await bootstrap(database);
      const created = report.createdDatabase ? 'created' : 'exists';
      process.stdout.write(`database ${database.where}: ${created}; design document _design/after: ${report.designDoc}\n`);
    });
}
