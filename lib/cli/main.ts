// The `after` command line: one subcommand per file in ./commands.
import { Command } from 'commander';
import { packageVersion } from '../config/package-version';
import { cleanCommand } from './commands/clean';
import { dashboardCommand } from './commands/dashboard';
import { dbCommand } from './commands/db';
import { listCommand } from './commands/list';
import { logCommand } from './commands/log';
import { setupCommand } from './commands/setup';
import { startCommand } from './commands/start';
import { stopCommand } from './commands/stop';
import { endQuietlyWhenOutputCloses } from './closed-output';
import { statusCommand } from './commands/status';
import { submitCommand } from './commands/submit';
import { showCommand } from './commands/show';
import { cancelCommand } from './commands/cancel';
import { rescheduleCommand } from './commands/reschedule';
import { retryCommand } from './commands/retry';
import { EXIT_USAGE, throwCommanderErrors } from './exit-codes';
import { reportError } from './report-error';

export function buildProgram(): Command {
  const program = new Command('after')
    .description('A task scheduler on CouchDB: POST a task document, a worker runs its job when its date comes.')
    .version(packageVersion())
    .option('--debug', 'print the stack trace with an error');
  program.addCommand(startCommand());
  program.addCommand(dbCommand());
  program.addCommand(setupCommand());
  program.addCommand(submitCommand());
  program.addCommand(statusCommand());
  program.addCommand(showCommand());
  program.addCommand(cancelCommand());
  program.addCommand(rescheduleCommand());
  program.addCommand(retryCommand());
  program.addCommand(stopCommand());
  program.addCommand(logCommand());
  program.addCommand(listCommand());
  program.addCommand(cleanCommand());
  program.addCommand(dashboardCommand());
  // Commander's own `help foo` prints the general help, as if `foo` were a command.
  program.helpCommand(false);
  program.command('help [command]').description('display help for command')
    .addHelpText('after', '\nExamples:\n  after help submit')
    .action((name?: string) => {
      if (name === undefined) program.help();
      const known = program.commands.filter((command) => command.name() !== 'help');
      const command = known.find((candidate) => candidate.name() === name);
      if (command === undefined) {
        return program.error(`error: unknown command '${name}'; the commands are ${known.map((candidate) => candidate.name()).join(', ')}`,
          { exitCode: EXIT_USAGE, code: 'commander.unknownCommand' });
      }
      command.help();
    });
  return program;
}

/**
 * Errors are one line on stderr, written for people: exit code 1, or 2 for a usage error
 * (unknown command or option, missing argument). `--debug` adds the stack.
 */
export async function main(argv: string[]): Promise<void> {
  endQuietlyWhenOutputCloses();
  const program = buildProgram();
  throwCommanderErrors(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exit(reportError(err, program.opts().debug === true));
  }
}
