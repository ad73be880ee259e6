// Lets work through a turn of the event loop at a time: up to `perTurn` waiters each turn.
//
// Why: a burst's jobs end together, and their outcomes are written in batches. Handled all in
// one turn, the first batch cannot leave before the last outcome is handled (a request goes
// out only when the turn ends), and the database sits idle meanwhile. A turn at a time, the
// first batch is on its way while the next is prepared.
import { realTimers, type ClockTimers } from './timers';

export class Turns {
  private waiting: Array<() => void> = [];
  private queued = false;

  constructor(private readonly perTurn: number, private readonly timers: ClockTimers = realTimers) {
    if (!Number.isInteger(perTurn) || perTurn < 1) throw new RangeError(`perTurn must be a whole number >= 1, not ${perTurn}`);
  }

  /** Resolves in a coming turn, after those that asked before. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.queued) {
        this.queued = true;
        this.timers.setImmediate(() => this.release());
      }
    });
  }

  private release(): void {
    const now = this.waiting.splice(0, this.perTurn);
    if (this.waiting.length > 0) this.timers.setImmediate(() => this.release());
    else this.queued = false;
    for (const resolve of now) resolve();
  }
}
