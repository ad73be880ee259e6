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
