// `--repeat DUR`: a short form (`7d`), an ISO 8601 duration (`PT30S`) or a JSON object (a
// duration such as `{"days": 7}`, or `{"cron": ...}`, with `until` and `limit`), turned into a
// task's `repeat` and checked as the worker checks it (the rules, then croner) as commander reads it.
import { InvalidArgumentError } from 'commander';
import { fullRepeatProblem } from '../task/cron-schedule';
import type { RepeatSpec } from '../task/repeat';
import { readDurationText } from './duration-text';

const ACCEPTED = 'use 30s, 15m, 2h, 7d, 1w, 1M, 1y or 1500ms, an ISO 8601 duration such as PT30S or P1M7D, ' +
  'or a JSON object such as \'{"days": 7}\' or \'{"cron": "0 9 * * 1-5"}\'';

/** `7d` is `{"d": 7}`; an ISO duration is kept as written; `{...}` is parsed as JSON. */
export function parseRepeatOption(value: string): RepeatSpec {
  const repeat = readRepeat(value);
  const problem = fullRepeatProblem(repeat);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return repeat;
}

function readRepeat(value: string): RepeatSpec {
  return readDurationText(value, ACCEPTED) as RepeatSpec;
}
