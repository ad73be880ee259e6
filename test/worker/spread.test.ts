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
    const ids = Array.from({ length: 200 }, (_, i) => `task-${i}`);
    const order = (spread: ClaimSpread): string[] => [...ids].sort((a, b) => spread.rank(a) - spread.rank(b));
    const [first, second] = [order(new ClaimSpread(200)), order(new ClaimSpread(200))];
    const sameFirstTen = first.slice(0, 10).filter((id) => second.slice(0, 10).includes(id)).length;
    expect(sameFirstTen, 'the heads of the two orders barely overlap').to.be.below(5);
  });
});
