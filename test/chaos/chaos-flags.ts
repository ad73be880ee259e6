// Chaos's command line, each flag read by a commander parser that fails with a one-line error.
import { Command, InvalidArgumentError } from 'commander';
import { hidePasswords, parseCouchUrls } from './couch-url';
import type { NodeCommands } from './chaos-db';

export interface ChaosFlags {
  minutes: number;
  rate: number;
  dbKills: number;
  stops: number;
  /** A real CouchDB's nodes; undefined for the embedded server. */
  couch?: string[];
  /** How to stop and start node {n}; null without them. */
  nodeCommands: NodeCommands | null;
}

/** A commander parser: the flag's value as a number that `accepts`, else commander's one-line error saying what it takes. */
export function numberIn(flag: string, accepts: (n: number) => boolean, accepted: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || !accepts(n)) throw new InvalidArgumentError(`${flag} takes ${accepted}`);
    return n;
  };
}
const aboveZero = (n: number): boolean => n > 0;
const isShare = (n: number): boolean => n >= 0 && n <= 1;

export function couchUrls(value: string): string[] {
  const urls = parseCouchUrls(value);
  if (!urls) throw new InvalidArgumentError('--couch takes an http:// URL, or the URLs of every node of a cluster separated by commas');
  return urls;
}

export function shellCommand(flag: string): (value: string) => string {
  return (value) => {
    if (value.trim() === '') throw new InvalidArgumentError(`${flag} takes a shell command`);
    return value;
  };
}

/** What is wrong with the flags together, or null. */
export function flagsConflict(couch: string[] | undefined, stop: string | undefined, start: string | undefined): string | null {
  if (stop === undefined && start === undefined) return null;
  if (stop === undefined || start === undefined) return '--node-stop and --node-start go together';
  if (!couch) return '--node-stop and --node-start need --couch';
  if (couch.length > 1 && !(stop.includes('{n}') && start.includes('{n}'))) return '--node-stop and --node-start must say which node with {n}';
  return null;
}

export function parseChaosFlags(argv: string[]): ChaosFlags {
  const command = new Command('chaos')
    // commander echoes a bad value in its error: a --couch value may hold a password.
    .configureOutput({ outputError: (text, write) => write(hidePasswords(text)) })
    .option('--minutes <n>', 'how long to inflict chaos', numberIn('--minutes', aboveZero, 'a number of minutes above 0'), 5)
    .option('--rate <tasks-per-second>', 'tasks posted per second', numberIn('--rate', aboveZero, 'a number above 0'), 50)
    .option('--db-kills <share>', 'the share of havoc events that kill the database (0 to 1)', numberIn('--db-kills', isShare, 'a share from 0 to 1'), 0.2)
    .option('--stops <share>', 'the share of the other havoc events that stop a worker gracefully rather than kill -9 it (0 to 1)',
      numberIn('--stops', isShare, 'a share from 0 to 1'), 0.3)
    .option('--couch <urls>', 'a real CouchDB instead of the embedded server: http://admin:password@host:5984, or every node of a cluster, comma-separated',
      couchUrls)
    .option('--node-stop <command>', 'with --couch: a shell command that stops node {n} (1-based, in the order of --couch)', shellCommand('--node-stop'))
    .option('--node-start <command>', 'with --couch: a shell command that starts node {n} again', shellCommand('--node-start'))
    .parse(argv);
  const opts = command.opts<Omit<ChaosFlags, 'nodeCommands'> & { nodeStop?: string; nodeStart?: string }>();
  const conflict = flagsConflict(opts.couch, opts.nodeStop, opts.nodeStart);
  if (conflict) command.error(`error: ${conflict}`);
  const { nodeStop, nodeStart, ...flags } = opts;
  return { ...flags, nodeCommands: nodeStop !== undefined && nodeStart !== undefined ? { stop: nodeStop, start: nodeStart } : null };
}
