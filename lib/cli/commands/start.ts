// `after start <name>`: a worker in the foreground, stopped gracefully by SIGINT/SIGTERM.
import { Command } from 'commander';
import { loadConfig } from '../../config/config';
import { connect } from '../../db/connection';
import { CouchStore } from '../../db/couch-store';
import { JobRegistry } from '../../jobs/registry';
import { createLog } from '../../log';
import { Worker } from '../../worker/worker';
import { DEFAULT_CONCURRENCY, DEFAULT_HORIZON_MS, DEFAULT_LEASE_MS, DEFAULT_STOP_GRACE_MS } from '../../worker/defaults';
import { checkUsage } from '../background/errors';
import { forwardedOptions } from '../background/forwarded-options';
import { startWorkerInBackground } from '../background/start-worker';
import { checkStartFlags } from '../background/start-flags';
import { instancesFlag } from '../background/instances-option';
import { concurrencyFlag, secondsFlag } from '../flag-parsers';
import { parseTtlMsOption } from '../ttl-option';
import { addConnectionOptions, connectionOverrides, type ConnectionFlags } from '../connection-options';

interface StartFlags extends ConnectionFlags {
  config?: string;
  jobs?: string;
  grace: number;
  lease: number;
  horizon: number;
  ttl?: number;
  concurrency?: number;
  background?: boolean;
  instances: number;
}

export function startCommand(): Command {
  return addConnectionOptions(new Command('start')
    .description('run a worker serving the tasks whose "worker" is <name>')
    .argument('<name>', 'the worker name, as in the tasks\' "worker" field')
    .option('--jobs <dir>', 'the jobs folder (default: config "jobs", or ./jobs)')
    .option('--grace <seconds>', 'how long a stop lets running jobs finish', secondsFlag({ atLeast: 0 }, '--grace 10'), DEFAULT_STOP_GRACE_MS / 1000)
    .option('--lease <seconds>', 'how long a silent process keeps a running task before another may run it again',
      secondsFlag({ atLeast: 1 }, '--lease 30'), DEFAULT_LEASE_MS / 1000)
    .option('--config <file>', 'the config file (default: ./config.json)')
    .option('-b, --background', 'run it in the background under pm2 (see: after list, after log, after stop)')
    .option('-i, --instances <n>', 'how many processes serve <name> (with -b)', instancesFlag, 1)
    .option('--concurrency <n>', `at most this many jobs at once in each process (default: config "concurrency", ${DEFAULT_CONCURRENCY})`, concurrencyFlag)
    .option('--horizon <seconds>', 'hold in memory the tasks due within this window; later ones wait in the database',
      secondsFlag({ atLeast: 1 }, '--horizon 600'), DEFAULT_HORIZON_MS / 1000)
    .option('--ttl <duration>', 'delete a finished task (done, error, canceled) this long after it ended, unless it has a ttl of its own: ' +
      '7d, 12h, P7D, 86400000 (ms) or \'{"days": 7}\' (default: config "ttl"; none: finished tasks are kept)', parseTtlMsOption))
    .addHelpText('after', '\nExamples:\n  after start manobi --jobs ./jobs\n  after start manobi -b          # under pm2 as after-manobi; after stop manobi stops it\n  after start manobi -b -i 4     # four processes; each due time runs once\n  after start manobi --port 5985 --db tasks   # the server of `after db --port 5985`\n  after start manobi --ttl 7d    # delete finished tasks a week after they end')
    .action(async (name: string, flags: StartFlags, command: Command) => {
      checkUsage(command, () => checkStartFlags(name, flags));
      const config = loadConfig({ config: flags.config, jobs: flags.jobs, concurrency: flags.concurrency, ttl: flags.ttl, ...connectionOverrides(flags) });
      const jobs = JobRegistry.load(config.jobsDir);
      if (flags.background) {
        await startWorkerInBackground({ name, options: forwardedOptions(command), graceSeconds: flags.grace, instances: flags.instances });
        return;
      }
      const log = createLog(`[${name}]`);
      const worker = new Worker({ name, store: new CouchStore(connect(config), { log }), jobs, log, stopGraceMs: flags.grace * 1000, leaseMs: flags.lease * 1000,
        horizonMs: flags.horizon * 1000, concurrency: config.concurrency, validateOnWrite: config.validateOnWrite,
        defaultTtlMs: config.ttlMs ?? undefined });
      const stop = (): void => {
        log('stopping: no new work; running jobs may finish');
        void worker.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await worker.start();
    });
}
