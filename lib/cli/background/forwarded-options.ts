// The options a command was given on the command line, as arguments for the same command run
// by pm2: paths made absolute (pm2 may run it from elsewhere), the options that only concern
// the launch left out. Options left at their defaults are not repeated: they default the same.
import path from 'node:path';
import type { Command } from 'commander';

const PATH_OPTIONS = new Set(['config', 'jobs', 'dir']);
const LAUNCH_OPTIONS = new Set(['background', 'instances']);

export function forwardedOptions(command: Command): string[] {
  const args: string[] = [];
  for (const option of command.options) {
    const key = option.attributeName();
    if (LAUNCH_OPTIONS.has(key) || command.getOptionValueSource(key) !== 'cli' || option.long === undefined) continue;
    const value: unknown = command.getOptionValue(key);
    if (value === true) args.push(option.long);
    else if (value !== false && value !== undefined) args.push(option.long, PATH_OPTIONS.has(key) ? path.resolve(String(value)) : String(value));
  }
  return args;
}
