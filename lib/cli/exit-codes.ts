// Exit codes of `after`: 0 success, 1 a failure (the database, the config, a task), 2 a usage error
// (an unknown command or flag, a missing argument, a flag value that cannot be used: lib/cli/flag-parsers.ts).
import type { Command, CommanderError } from 'commander';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * Makes commander throw instead of exiting, on `command` and every subcommand (addCommand does
 * not pass the setting on), and write its errors as `after: ...` lines like every other error.
 */
export function throwCommanderErrors(command: Command): void {
  command.exitOverride();
  command.configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'after: ')) });
  for (const sub of command.commands) throwCommanderErrors(sub);
}

/**
 * 0 when commander printed help or the version that was asked for; 2 for every usage error it
 * found, including help printed because no command was given (commander's own code for those is 1).
 */
export function commanderExitCode(err: CommanderError): number {
  return err.exitCode === 0 ? 0 : EXIT_USAGE;
}
