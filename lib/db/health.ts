/**
 * When this process last failed to reach the database. After an outage every lease owner
 * needs time to renew before its lease means "dead", so takeovers wait on this (see decide).
 */
export class DatabaseHealth {
  private lastFailure = 0;

  constructor(private readonly now: () => number = Date.now) {}

  failed(): void {
    this.lastFailure = this.now();
  }

  /** Epoch ms of the last failure; 0 when there was none. */
  get lastFailureMs(): number {
    return this.lastFailure;
  }
}
