// `after submit <worker> <job> [args...]`: adds a task; with --wait, follows it and prints its result.
import crypto from 'node:crypto';
import { Command, Option } from 'commander';
import { loadConfig } from '../../config/config';
import { connect } from '../../db/connection';
import { createTask } from '../../db/create-task';
import { currentSeq } from '../../db/open-tasks';
import { setupNeededOr } from '../../db/setup-needed';
import { TaskError } from '../../task/errors';
import { checkTask } from '../../task/rules';
import type { TaskDoc } from '../../task/types';
import { parseAtOption } from '../at-option';
import { parseJobArguments } from '../job-arguments';
import { parseRepeatOption } from '../repeat-option';
import type { RepeatSpec } from '../../task/repeat';
import { secondsFlag } from '../flag-parsers';
import { waitForTask } from '../wait-for-task';
import { addConnectionOptions, connectionOverrides, type ConnectionFlags } from '../connection-options';
import { noLiveProcessWarning } from '../no-live-process';
import { liveProcessCounts } from '../../db/heartbeats';

interface SubmitFlags extends ConnectionFlags {
  at?: string | number;
  repeat?: RepeatSpec;
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
  after submit manobi log '{"customer": 42}' --at 2030-01-12T10:00:00Z --repeat 1M`;

export function submitCommand(): Command {
  return addConnectionOptions(new Command('submit')
    .description('add a task: run <job> with [args...] on the worker <worker>, now or --at a date')
    .argument('<worker>', 'the worker name, as in `after start <name>`')
    .argument('<job>', 'the job name')
    .argument('[args...]', 'the job\'s arguments, each JSON or text')
    .option('--at <date>', 'when to run: ISO 8601 (2030-01-12T10:00:00Z; no offset means UTC) or epoch milliseconds (default: now)', parseAtOption)
    .option('--repeat <duration>', 'run again at this interval: 30s, 15m, 2h, 7d, 1w, 1M (month), 1y, 1500ms, PT30S, P1M7D or \'{"days": 7}\'', parseRepeatOption)
    // --timeout first, so that `--timeout 9 --repeat 1d` is refused by its own name rather than the --wait it implies.
    .addOption(new Option('--timeout <seconds>', 'wait (as --wait) at most this many seconds, then exit code 1 (default: no limit)')
      .argParser(secondsFlag({ above: 0 }, '--timeout 30'))
      .implies({ wait: true })
      .conflicts('repeat'))
    .addOption(new Option('--wait', 'follow the task until it ends and print its result; exit code 0 on done, 1 on error or canceled')
      .conflicts('repeat'))
    .option('--config <file>', 'the config file (default: ./config.json)'))
    .addHelpText('after', EXAMPLES)
    .action(async (worker: string, job: string, args: string[], flags: SubmitFlags) => {
      const doc: TaskDoc = {
        _id: crypto.randomUUID(),
        worker,
        date: flags.at ?? new Date().toISOString(),
        job: { name: job, arguments: parseJobArguments(args) },
        status: 'waiting',
      };
      if (flags.repeat !== undefined) doc.repeat = flags.repeat;
      const problem = checkTask(doc);
      if (problem) throw new TaskError(problem);

      const database = connect(loadConfig({ config: flags.config, ...connectionOverrides(flags) }));
      // Taken before the write, so that --wait cannot miss any revision of the task.
      const since = await currentSeq(database).catch((err: unknown) => { throw setupNeededOr(err, database); });
      await createTask(database, doc);
      process.stdout.write(`${doc._id}\n`);
      if (flags.wait) {
        if (!(await liveProcessCounts(database, worker)).has(worker)) process.stderr.write(`after: ${noLiveProcessWarning(worker, 1)}\n`);
        const result = await waitForTask(database, doc._id, since, flags.timeout);
        process.stdout.write(`${JSON.stringify(result)}\n`);
      }
    });
}
