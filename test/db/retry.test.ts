import { expect } from 'chai';
import { backoffDelay, FIRST_BACKOFF_MS, MAX_BACKOFF_MS, RetryPauses } from '../../lib/db/retry';

describe('retry pauses', () => {
  it('doubles the backoff from 250 ms up to 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(backoffDelay)).to.deep.equal([250, 500, 1000, 2000, 4000, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
  });

  it('ends the pauses under way when hurried, and keeps the next ones short', async () => {
    const pauses = new RetryPauses();
    const startedMs = Date.now();
    const long = [pauses.wait(6), pauses.wait(6)];
    setTimeout(() => pauses.hurry(), 50);
    await Promise.all(long);
    expect(Date.now() - startedMs, 'woken by hurry, not after 5 s').to.be.below(1000);
    const nextMs = Date.now();
    await pauses.wait(6);
    const took = Date.now() - nextMs;
    expect(took).to.be.at.least(FIRST_BACKOFF_MS - 5);
    expect(took, 'the first backoff, not the fifth').to.be.below(2000);
  });
});
