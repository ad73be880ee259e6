import { expect } from 'chai';
import { ClaimSpread } from '../../lib/worker/spread';

describe('ClaimSpread', () => {
  it('gives every task due at one time the same offset within the window', () => {
    const spread = new ClaimSpread(200);
    for (let due = 1_700_000_000_000; due < 1_700_000_000_000 + 1000; due += 7) {
      const offset = spread.offset(due);
      expect(offset).to.be.within(0, 200);
      expect(spread.offset(due)).to.equal(offset);
    }
  });

  it('claims tasks due at scattered milliseconds of one round together, never later than due − ahead + spread', () => {
    const spread = new ClaimSpread(200, 250);
    const aheadMs = 3000;
    const roundStart = 1_700_000_000_000;
    const claimTimes = new Set<number>();
    for (let due = roundStart + aheadMs; due < roundStart + aheadMs + 250; due += 13) {
      const claimAt = spread.claimAt(due, aheadMs);
      claimTimes.add(claimAt);
      expect(claimAt).to.be.within(roundStart, due - aheadMs + 200);
    }
    expect([...claimTimes], 'one claim time for the round').to.have.length(1);
    expect(spread.claimAt(roundStart + aheadMs + 250, aheadMs), 'the next round').to.be.at.least(roundStart + 250);
  });

  it('gives two processes their own moments in the same round', () => {
    // Offsets are 0 to 200: two processes meet in the same millisecond about 1 round in 200.
    const rounds = Array.from({ length: 50 }, (_, i) => 1_700_000_000_000 + i * 250 + 3000);
    const [first, second] = [new ClaimSpread(200, 250), new ClaimSpread(200, 250)];
    const same = rounds.filter((due) => first.claimAt(due, 3000) === second.claimAt(due, 3000)).length;
    expect(same).to.be.at.most(5);
  });

  it('lets two processes rank the same tasks in different orders', () => {
    // Over 100 pairs of processes, the first 10 of 200 similar ids should overlap about as
    // little as two random orders do (4 or more shared: ~1 pair in 1,300). Before hash32 had
    // a finalizer, 1 pair in 12 shared 4 or more.
    const ids = Array.from({ length: 200 }, (_, i) => `task-${i}`);
    const headOf = (spread: ClaimSpread): string[] =>
      [...ids].sort((a, b) => spread.rank(a) - spread.rank(b)).slice(0, 10);
    let alikePairs = 0;
    for (let pair = 0; pair < 100; pair += 1) {
      const [first, second] = [headOf(new ClaimSpread(200)), headOf(new ClaimSpread(200))];
      if (first.filter((id) => second.includes(id)).length >= 4) alikePairs += 1;
    }
    expect(alikePairs, 'pairs whose first 10 share 4 or more').to.be.at.most(2);
  });
});
