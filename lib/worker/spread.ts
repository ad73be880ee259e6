// How processes serving one name avoid all reaching for the same task at the same moment,
// without talking to each other: each has a random salt, and derives from it (1) its own
// moment in the claim-ahead window for each due time, and (2) its own order among tasks
// that are otherwise equal. Tasks due together still fire together within a process, so
// priority decides among them.
import crypto from 'node:crypto';
import { hash32 } from './hash32';

export class ClaimSpread {
  private readonly salt = crypto.randomBytes(4).readUInt32LE(0);

  constructor(private readonly spreadMs: number) {}

  /** This process's offset (0 to spreadMs) into the claim window of tasks due at `dueMs`. */
  offset(dueMs: number): number {
    return hash32(String(dueMs), this.salt) % (this.spreadMs + 1);
  }

  /** This process's rank of a task among equals: processes rank the same tasks differently. */
  rank(id: string): number {
    return hash32(id, this.salt);
  }
}
