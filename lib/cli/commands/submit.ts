// `after submit <worker> <job> [args...]`: adds a task; with --wait, follows it and prints its result.
import { Command, Option } from 'commander';
import type { NewTask } from '../../api/task-changes';
import { liveProcessCounts } from '../../db/heartbeats';
import { parseAtOption } from '../at-option';
import { parseDependsOnOption } from '../depends-on-option';
import { parseJobArguments } from '../job-arguments';
import { parseRepeatOption } from '../repeat-option';
import { parseThenOption } from '../then-option';
import type { ChainStep, DelaySpec, JobField } from '../../task/types';
import { parseCronOption, parseTzOption, parseUntilOption, repeatOfFlags, type ScheduleFlags } from '../schedule-options';
import { secondsFlag, wholeNumberFlag } from '../flag-parsers';
import { parseTtlOption } from '../ttl-option';
import { addConnectionOptions, tasksDatabaseOf, type ConnectionFlags } from '../connection-options';
import { noLiveProcessWarning } from '../no-live-process';

interface SubmitFlags extends ConnectionFlags, ScheduleFlags {
  at?: string | number;
  then?: ChainStep[];
  tz?: string;
  ttl?: DelaySpec;
  dependsOn?: string[];
  wait?: boolean;
  timeout?: number;
  config?: string;
}

const EXAMPLES = `
Each argument is parsed as JSON when it is JSON (3 is a number, true a boolean, '{"a":1}' an
object, '"7"' the string "7"); anything else is kept as text. Put -- before arguments that
start with a dash. Prints the new task's id; with --wait, then the result as JSON.

Examples:
  after submit manobi hello world
  after submit manobi sleep 1500 --wait --timeout 60
  after submit manobi log '{"customer": 42}' --at 2030-01-12T10:00:00Z --repeat 1M
  after submit manobi hello --cron '0 9 * * 1-5' --tz Europe/Paris --until 2030-12-31T00:00:00Z
  after submit manobi hello world --then log --then '{"name": "webhook", "arguments": ["https://example.com/hook"], "retry": {"limit": 3}}'
  after submit manobi hello --depends-on "$(after submit manobi sleep 1500)"
  after submit manobi hello --ttl 7d     # deleted a week after it ends`;

export function submitCommand(): Command {
  return addConnectionOptions(new Command('submit')
    .description('add a task: run <job> with [args...] on the worker <worker>, now or --at a date')
    .argument('<worker>', 'the worker name, as in `after start <name>`')
    .argument('<job>', 'the job name')
    .argument('[args...]', 'the job\'s arguments, each JSON or text')
    .option('--at <date>', 'when to run: ISO 8601 (2030-01-12T10:00:00Z; no offset means UTC, or local time in --tz) or epoch milliseconds (default: now)', parseAtOption)
    .option('--repeat <duration>', 'run again at this interval: 30s, 15m, 2h, 7d, 1w, 1M (month), 1y, 1500ms, PT30S, P1M7D, \'{"days": 7}\' or \'{"cron": "0 9 * * *", "limit": 3}\'', parseRepeatOption)
    .addOption(new Option('--cron <pattern>', 'run again at the times of a cron pattern: 5 fields (\'0 9 * * 1-5\'), or 6 with seconds first')
      .argParser(parseCronOption).conflicts('repeat'))
    .option('--tz <zone>', 'the time zone of --repeat\'s calendar arithmetic and --cron: an IANA name such as Europe/Paris (default: UTC)', parseTzOption)
    .option('--then <step>', 'run a chain: after <job>, this step, given its result (repeatable, in order): a job name, or a step as JSON \'{"name": "upload", "arguments": [1], "retry": {"limit": 3}}\'', parseThenOption)
    .option('--until <date>', 'with --repeat or --cron: no run after this date (ISO 8601 or epoch milliseconds)', parseUntilOption)
    .option('--limit <runs>', 'with --repeat or --cron: how many runs in all, the first counted', wholeNumberFlag('a number of runs', 1))
    .option('--ttl <duration>', 'delete the task this long after it ends (done, error, canceled): 7d, 12h, P7D, 86400000 (ms) or \'{"days": 7}\'', parseTtlOption)
    .option('--depends-on <ids>', 'start only once these tasks are done (ids separated by commas; repeatable); one that fails, is canceled or does not exist cancels this one', parseDependsOnOption)
    // --timeout first, so that `--timeout 9 --repeat 1d` is refused by its own name rather than the --wait it implies.
    .addOption(new Option('--timeout <seconds>', 'wait (as --wait) at most this many seconds, then exit code 1 (default: no limit)')
      .argParser(secondsFlag({ above: 0 }, '--timeout 30'))
      .implies({ wait: true })
      .conflicts(['repeat', 'cron']))
    .addOption(new Option('--wait', 'follow the task until it ends and print its result; exit code 0 on done, 1 on error or canceled')
      .conflicts(['repeat', 'cron']))
    .option('--config <file>', 'the config file (default: ./config.json)'))
    .addHelpText('after', EXAMPLES)
    .action(async (worker: string, job: string, args: string[], flags: SubmitFlags, command: Command) => {
      const first = { name: job, arguments: parseJobArguments(args) };
      const jobField: JobField = flags.then === undefined ? first : [first, ...flags.then];
      const task: NewTask = { worker, date: flags.at ?? new Date(), job: jobField };
      let repeat: NewTask['repeat'];
      try {
        repeat = repeatOfFlags(flags);
      } catch (err) {
        return command.error(`after: ${(err as Error).message}`, { exitCode: 2, code: 'after.usage' });
      }
      if (repeat !== undefined) task.repeat = repeat;
      if (flags.tz !== undefined) task.tz = flags.tz;
      if (flags.ttl !== undefined) task.ttl = flags.ttl;
      if (flags.dependsOn !== undefined) task.depends_on = flags.dependsOn;
      const { database, client } = tasksDatabaseOf(flags);
      const id = await client.submit(task);
      process.stdout.write(`${id}\n`);
      if (flags.wait) {
        if (!(await liveProcessCounts(database, worker)).has(worker)) process.stderr.write(`after: ${noLiveProcessWarning(worker, 1)}\n`);
        const log = (line: string): void => { process.stderr.write(`after: ${line}\n`); };
        const done = await client.wait(id, { timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000, log });
        process.stdout.write(`${JSON.stringify(done.result ?? null)}\n`);
      }
    });
}
