// A duration as written on the command line (`--repeat`, `--ttl`): a short form (`7d`), an ISO
// 8601 duration (`PT30S`) or a JSON object (`{"days": 7}`), turned into what a task holds; what
// it says is the task rules' to check.
import { InvalidArgumentError } from 'commander';

// An amount and one of the unit shorthands the task rules accept (`ms` before `m` and `s`).
// Case matters as in moment: `1m` is a minute, `1M` a month.
const SHORT_FORM = /^(\d+(?:\.\d+)?)(ms|[yMwdhms])$/;

/**
 * `7d` is `{"d": 7}`; an ISO duration is kept as written; `{...}` is parsed as JSON. Anything
 * else throws InvalidArgumentError, with `accepted` (what the flag takes).
 */
export function readDurationText(value: string, accepted: string): unknown {
  const short = SHORT_FORM.exec(value);
  if (short) return { [short[2]]: Number(short[1]) };
  if (value.startsWith('P')) return value;
  if (value.trimStart().startsWith('{')) {
    try {
      return JSON.parse(value) as unknown;
    } catch (err) {
      throw new InvalidArgumentError(`not valid JSON (${(err as Error).message}); ${accepted}`);
    }
  }
  throw new InvalidArgumentError(`not a duration; ${accepted}`);
}
