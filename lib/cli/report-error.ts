// How `after` ends on an error: one line on stderr (the stack only with --debug), an exit code.
import { CommanderError } from 'commander';
import { commanderExitCode, EXIT_FAILURE } from './exit-codes';
import { messageOf } from '../log';

/** `scheme://login:password@` becomes `scheme://login@`, wherever a library put a URL in a message. */
export function withoutPasswords(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]*@/gi, '$1@');
}

/** Writes `err` for a person and returns the exit code to end with. */
export function reportError(err: unknown, debug: boolean): number {
  // Commander has already printed its message (and help, or the version).
  if (err instanceof CommanderError) return commanderExitCode(err);
  const message = messageOf(err);
  const line = message.startsWith('after') ? message : `after: ${message}`;
  process.stderr.write(`${withoutPasswords(line)}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${withoutPasswords(err.stack)}\n`);
  return EXIT_FAILURE;
}
