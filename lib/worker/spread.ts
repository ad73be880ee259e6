// When a process claims a task, and how processes serving one name avoid all reaching for
// the same task at the same moment, without talking to each other: each has a random salt,
// and derives from it (1) its own moment in each claim round, and (2) its own order among
// tasks that are otherwise equal. Tasks due together still fire together within a process,
// so priority decides among them.
import crypto from 'node:crypto';
import { hash32 } from './hash32';

export class ClaimSpread {
  private readonly salt = crypto.randomBytes(4).readUInt32LE(0);

  /**
   * `spreadMs`: the part of a round over which processes spread their claims. `roundMs`:
   * tasks whose claim times fall in one such slice of time are claimed together (default 1,
   * every millisecond its own round).
   */
  constructor(private readonly spreadMs: number, private readonly roundMs = 1) {}

  /**
   * When to claim a task due at `dueMs`, `aheadMs` before it: at the start of the round its
   * claim time falls in, plus this process's offset for that round. Never later than
   * `dueMs - aheadMs + spreadMs`.
   */
  claimAt(dueMs: number, aheadMs: number): number {
    const roundStartMs = Math.floor((dueMs - aheadMs) / this.roundMs) * this.roundMs;
    return roundStartMs + this.offset(roundStartMs);
  }

  /** This process's offset (0 to spreadMs) into the claim round that starts at `roundMs`. */
  offset(roundMs: number): number {
    return hash32(String(roundMs), this.salt) % (this.spreadMs + 1);
  }

  /** This process's rank of a task among equals: processes rank the same tasks differently. */
  rank(id: string): number {
    return hash32(id, this.salt);
  }
}
