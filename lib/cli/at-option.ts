// `--at DATE`: when a submitted task runs, checked by the task rules before anything is sent.
import { parseTaskDate } from '../task/date';
import { TaskError } from '../task/errors';
import { OptionError } from './errors';

/** The task date for `--at`: epoch milliseconds when all digits, else the ISO string as written. */
export function parseAtOption(value: string): string | number {
  const date = /^\d+$/.test(value) ? Number(value) : value;
  try {
    parseTaskDate(date);
  } catch (err) {
    if (err instanceof TaskError) throw new OptionError(`--at: ${err.message}`);
    throw err;
  }
  return date;
}
