// Failures of the background-process commands; each message is one line saying what was wrong
// and what to do instead.
import type { Command } from 'commander';

/** A flag or argument that cannot be used as given. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `after stop|log|clean <name>` for a name pm2 does not hold. Exit code 1. */
export class NotRunningError extends Error {
  override name = 'NotRunningError';
}

/** `after start <name> -b` (or `after db -b`) while it already runs under pm2. Exit code 1. */
export class AlreadyRunningError extends Error {
  override name = 'AlreadyRunningError';
}

/**
 * Runs a command's checks of its flags and arguments: a UsageError is printed as one line and
 * exits with code 2 (through commander, as its own usage errors); anything else is thrown on.
 */
export function checkUsage<T>(command: Command, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof UsageError) command.error(`after: ${err.message}`, { exitCode: 2, code: 'after.usage' });
    throw err;
  }
}
