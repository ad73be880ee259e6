// `after setup`: creates the tasks database and installs its design document. Idempotent.
import { Command } from 'commander';
import { loadConfig } from '../../config/config';
import { bootstrap } from '../../db/bootstrap';
import { connect } from '../../db/connection';
import { DASHBOARD_DESIGN_DOC_ID } from '../../dashboard/design-doc';
import { installDashboardViews } from '../../dashboard/install-views';
import { addConnectionOptions, connectionOverrides, type ConnectionFlags } from '../connection-options';

interface SetupFlags extends ConnectionFlags {
  config?: string;
  validateOnWrite?: boolean;
  dashboard?: boolean;
}

export function setupCommand(): Command {
  return addConnectionOptions(new Command('setup')
    .description('create the tasks database and install or upgrade its design document (idempotent)')
    .option('--config <file>', 'the config file (default: ./config.json)')
    .option('--validate-on-write', 'make the database refuse invalid tasks itself (HTTP 403): a validate_doc_update, ~7x slower writes on CouchDB 3.5')
    .option('--no-validate-on-write', 'remove that refusal (the default for a new database); workers still mark invalid tasks error')
    .option('--dashboard', 'also install the views of `after dashboard` (_design/after-dashboard), which CouchDB then keeps up to date at every write'))
    .addHelpText('after', '\nWithout either flag, config "validate_on_write" decides, else the database keeps what it has.\n\nExamples:\n  after setup --config ./config.json\n  after setup --validate-on-write\n  after setup --dashboard')
    .action(async (flags: SetupFlags) => {
      const config = loadConfig({ config: flags.config, validateOnWrite: flags.validateOnWrite, ...connectionOverrides(flags) });
      const database = connect(config);
      const report = await bootstrap(database, { validateOnWrite: config.validateOnWrite });
      const created = report.createdDatabase ? 'created' : 'exists';
      // Only when asked: CouchDB indexes every design document at each write, and workers do not need this one.
      const dashboard = flags.dashboard ? `; design document ${DASHBOARD_DESIGN_DOC_ID}: ${await installDashboardViews(database)}` : '';
      process.stdout.write(`database ${database.where}: ${created}; design document _design/after: ${report.designDoc}; ` +
        `validation on write: ${report.validateOnWrite ? 'on' : 'off'}${dashboard}\n`);
    });
}
