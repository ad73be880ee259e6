// `--repeat DUR`: a short form (`7d`), an ISO 8601 duration (`PT30S`) or a JSON duration
// object (`{"days": 7}`), turned into a task's `repeat` and checked by the task rules as commander reads it.
import { parseRepeat, type RepeatSpec } from '../task/repeat';
import { TaskError } from '../task/errors';
import { InvalidArgumentError } from 'commander';

// An amount and one of the unit shorthands the task rules accept (`ms` before `m` and `s`).
// Case matters as in moment: `1m` is a minute, `1M` a month.
const SHORT_FORM = /^(\d+(?:\.\d+)?)(ms|[yMwdhms])$/;

const ACCEPTED = 'use 30s, 15m, 2h, 7d, 1w, 1M, 1y or 1500ms, an ISO 8601 duration such as PT30S or P1M7D, ' +
  'or a JSON object such as \'{"days": 7}\'';

/** `7d` is `{"d": 7}`; an ISO duration is kept as written; `{...}` is parsed as JSON. */
export function parseRepeatOption(value: string): RepeatSpec {
  const repeat = readRepeat(value);
  try {
    parseRepeat(repeat);
  } catch (err) {
    if (err instanceof TaskError) throw new InvalidArgumentError(err.message);
    throw err;
  }
  return repeat;
}

function readRepeat(value: string): RepeatSpec {
  const short = SHORT_FORM.exec(value);
  if (short) return { [short[2]]: Number(short[1]) };
  if (value.startsWith('P')) return value;
  if (value.trimStart().startsWith('{')) {
    try {
      return JSON.parse(value) as RepeatSpec;
    } catch (err) {
      throw new InvalidArgumentError(`not valid JSON (${(err as Error).message}); ${ACCEPTED}`);
    }
  }
  throw new InvalidArgumentError(`not a duration; ${ACCEPTED}`);
}
