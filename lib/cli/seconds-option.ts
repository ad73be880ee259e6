// Options that take a number of seconds.
import { OptionError } from './errors';

/** `value` as seconds (> 0), or an OptionError naming the flag with an example. */
export function parseSecondsOption(flag: string, value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new OptionError(`${flag} '${value}' is not a number of seconds; use a number > 0, e.g. ${flag} 30`);
  }
  return seconds;
}
