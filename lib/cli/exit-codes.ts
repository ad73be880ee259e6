// Exit codes of `after`: 0 success, 1 a failure (the database, a config, a value, a task), 2 a usage error.
import { CommanderError, type Command } from 'commander';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

// What commander reports with exit code 0: help or the version was asked for and printed.
const NOT_ERRORS = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * Makes commander throw instead of exiting, on `command` and every subcommand (addCommand does
 * not pass the setting on), and write its errors as `after: ...` lines like every other error.
 */
export function throwCommanderErrors(command: Command): void {
  command.exitOverride();
  command.configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'after: ')) });
  for (const sub of command.commands) throwCommanderErrors(sub);
}

/** Commander's own exit code for help and the version (0); 2 for every usage error it found. */
export function commanderExitCode(err: CommanderError): number {
  return NOT_ERRORS.has(err.code) ? err.exitCode : EXIT_USAGE;
}
