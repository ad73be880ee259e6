// The parsers of flags that take a number. Commander calls them as it reads the command line, so
// that a value that cannot be used is a usage error (exit code 2) like an unknown flag, with one
// message form: option '--grace <seconds>' argument 'x' is invalid. <what is accepted>
// --at and --repeat have parsers of their own, which also throw InvalidArgumentError.
import { InvalidArgumentError } from 'commander';
import { PORT_RANGE, readWholeNumber } from '../config/whole-number';

export type FlagParser<T> = (value: string) => T;

/** The lowest value a number of seconds may take, and whether that value itself is allowed. */
export type SecondsBound = { atLeast: number } | { above: number };

/** A decimal number of seconds within `bound`; `example` is a whole flag, such as `--grace 10`. */
export function secondsFlag(bound: SecondsBound, example: string): FlagParser<number> {
  const [within, words] = 'atLeast' in bound
    ? [(seconds: number) => seconds >= bound.atLeast, `>= ${bound.atLeast}`]
    : [(seconds: number) => seconds > bound.above, `> ${bound.above}`];
  return (value) => {
    const seconds = Number(value);
    if (value.trim() === '' || !Number.isFinite(seconds) || !within(seconds)) {
      throw new InvalidArgumentError(`use a number of seconds ${words}, e.g. ${example}`);
    }
    return seconds;
  };
}

/** A whole number from `min` to `max`; `what` names it for the message ("a number of lines"). */
export function wholeNumberFlag(what: string, min: number, max = Number.MAX_SAFE_INTEGER): FlagParser<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return (value) => {
    const number = readWholeNumber(value, min, max);
    if (number === undefined) throw new InvalidArgumentError(`use ${what}: a whole number ${range}`);
    return number;
  };
}

export const portFlag = wholeNumberFlag('a port number', PORT_RANGE.min, PORT_RANGE.max);
export const concurrencyFlag = wholeNumberFlag('a number of jobs', 1);
