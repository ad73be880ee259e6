// `--at DATE`: when a submitted task runs, checked by the task rules as commander reads it.
import { InvalidArgumentError } from 'commander';
import { parseTaskDate } from '../task/date';
import { TaskError } from '../task/errors';

/** The task date for `--at`: epoch milliseconds when all digits, else the ISO string as written. */
export function parseAtOption(value: string): string | number {
  const date = /^\d+$/.test(value) ? Number(value) : value;
  try {
    parseTaskDate(date);
  } catch (err) {
    if (err instanceof TaskError) throw new InvalidArgumentError(err.message);
    throw err;
  }
  return date;
}
