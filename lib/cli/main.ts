// The `after` command line: one subcommand per file in ./commands.
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT } from '../config/config';
import { dbCommand } from './commands/db';
import { setupCommand } from './commands/setup';
import { startCommand } from './commands/start';

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('after')
    .description('A task scheduler on CouchDB: POST a task document, a worker runs its job when its date comes.')
    .version(version());
  program.addCommand(startCommand());
  program.addCommand(dbCommand());
  program.addCommand(setupCommand());
  return program;
}

/** Errors are one line on stderr and exit code 1: their messages are written for people. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${message.startsWith('after') ? message : `after: ${message}`}\n`);
    process.exit(1);
  }
}
