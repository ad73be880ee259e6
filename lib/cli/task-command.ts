// The shape of the commands that act on one task by its id (show, cancel, reschedule, retry):
// the connection flags, --config, help with examples, and one line (or the document) on stdout.
import { Command } from 'commander';
import type { AfterClient } from '../api/types';
import { addConnectionOptions, tasksDatabaseOf, type ConnectionFlags } from './connection-options';

export interface TaskCommandSpec {
  name: string;
  description: string;
  /** Arguments after `<id>`: [name, description, parser]. */
  extraArguments?: Array<[string, string, ((value: string) => unknown)?]>;
  /** Text after "Examples:", one command a line. */
  examples: string[];
  /** Help text before the examples. */
  about?: string;
  /** Does the work and returns what to print (without the newline). */
  run(client: AfterClient, id: string, ...args: unknown[]): Promise<string>;
}

export function taskCommand(spec: TaskCommandSpec): Command {
  const command = new Command(spec.name)
    .description(spec.description)
    .argument('<id>', 'the task\'s id (its _id, as `after submit` prints it)');
  for (const [name, description, parser] of spec.extraArguments ?? []) {
    if (parser) command.argument(name, description, parser);
    else command.argument(name, description);
  }
  return addConnectionOptions(command.option('--config <file>', 'the config file (default: ./config.json)'))
    .addHelpText('after', `${spec.about ? `\n${spec.about}\n` : ''}\nExamples:\n${spec.examples.map((line) => `  ${line}`).join('\n')}`)
    .action(async (id: string, ...rest: unknown[]) => {
      // Commander passes the arguments, then the flags and the command.
      const args = rest.slice(0, -2);
      const flags = rest[rest.length - 2] as ConnectionFlags & { config?: string };
      const { client } = tasksDatabaseOf(flags);
      process.stdout.write(`${await spec.run(client, id, ...args)}\n`);
    });
}
