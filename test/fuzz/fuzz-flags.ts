// Fuzz's command line, each flag read by a commander parser that fails with a one-line error.
import crypto from 'node:crypto';
import { Command } from 'commander';
import { couchUrls, numberIn } from '../chaos/chaos-flags';
import { hidePasswords } from '../chaos/couch-url';

export interface FuzzFlags {
  /** How many cases to send. */
  n: number;
  /** fast-check's seed: the same seed sends the same cases. */
  seed: number;
  /** A real CouchDB's nodes; undefined for the embedded server. */
  couch?: string[];
}

function wholeNumber(flag: string, min: number, max: number): (value: string) => number {
  return numberIn(flag, (n) => Number.isInteger(n) && n >= min && n <= max, `a whole number from ${min} to ${max}`);
}

export function parseFuzzFlags(argv: string[]): FuzzFlags {
  return new Command('fuzz')
    .configureOutput({ outputError: (text, write) => write(hidePasswords(text)) })
    .option('--n <cases>', 'how many documents and requests to send', wholeNumber('--n', 1, 1_000_000), 1000)
    .option('--seed <n>', 'replay the cases of this seed (default: a new one, printed)', wholeNumber('--seed', -(2 ** 31), 2 ** 31 - 1),
      crypto.randomInt(0, 2 ** 31 - 1))
    .option('--couch <urls>', 'a real CouchDB instead of the embedded server: http://admin:password@host:5984, or every node of a cluster, comma-separated',
      couchUrls)
    .parse(argv)
    .opts<FuzzFlags>();
}
