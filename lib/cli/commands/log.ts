// `after log <name>`: the last lines of a background worker's log (pm2's out and err files),
// and with -f what it writes next, until Ctrl-C.
import { Command } from 'commander';
import { withPm2 } from '../../pm2/connection';
import { knownProcesses } from '../background/known-process';
import { wholeNumberFlag } from '../flag-parsers';
import { followFiles, logHeader, type FollowedFile } from '../background/log-follow';
import { logFiles } from '../background/log-files';
import { lastLines } from '../background/log-tail';

interface LogFlags {
  lines: number;
  follow?: boolean;
}

const write = (text: string): void => { process.stdout.write(text); };

export function logCommand(): Command {
  return new Command('log')
    .description('print the log of a worker running in the background (or of the database: db)')
    .argument('<name>', 'the worker name, or db')
    .option('-n, --lines <n>', 'how many of the last lines of each file', wholeNumberFlag('a number of lines', 0), 50)
    .option('-f, --follow', 'then print what it writes, until Ctrl-C')
    .option('--config <file>', 'accepted as by every command; what runs is pm2\'s to say (PM2_HOME)')
    .addHelpText('after', '\nThe log is pm2\'s two files for the process: its output, then its errors.\n\nExamples:\n  after log manobi\n  after log manobi -n 200 -f')
    .action(async (name: string, flags: LogFlags) => {
      const files = logFiles(await withPm2((pm2) => knownProcesses(pm2, name)));
      const followed: FollowedFile[] = [];
      for (const file of files) {
        const tail = lastLines(file, flags.lines);
        write(logHeader(file));
        for (const line of tail.lines) write(`${line}\n`);
        followed.push({ path: file, from: tail.end });
      }
      if (!flags.follow) return;
      const stop = followFiles(followed, write, files[files.length - 1] ?? null);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      stop();
    });
}
