// `--depends-on ID[,ID...]` (repeatable): the tasks a submitted task waits for (`depends_on`).
import { InvalidArgumentError } from 'commander';

/** Adds the ids of one `--depends-on` (split on commas) to those of the flags before it. */
export function parseDependsOnOption(value: string, previous: string[] = []): string[] {
  const ids = value.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) {
    throw new InvalidArgumentError('use task ids separated by commas, e.g. --depends-on 4f1c...,9a2e... (after submit prints each new id)');
  }
  return [...previous, ...ids];
}
