import { expect } from 'chai';
import { Turns } from '../../lib/clock/turns';
import { FakeClock } from './fake-clock';

/** Lets every promise continuation queued so far run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

describe('Turns', () => {
  it('lets through up to perTurn waiters a turn, in the order they asked', async () => {
    const clock = new FakeClock(0);
    const turns = new Turns(2, clock);
    const through: number[] = [];
    for (let i = 0; i < 5; i += 1) void turns.next().then(() => through.push(i));
    await settle();
    expect(through).to.deep.equal([]);
    const turn = async (): Promise<void> => {
      clock.runQueuedImmediates();
      await settle();
    };
    await turn();
    expect(through).to.deep.equal([0, 1]);
    await turn();
    expect(through).to.deep.equal([0, 1, 2, 3]);
    await turn();
    expect(through).to.deep.equal([0, 1, 2, 3, 4]);
    expect(clock.immediateCount).to.equal(0);
  });

  it('asks for a turn again after a quiet spell', async () => {
    const clock = new FakeClock(0);
    const turns = new Turns(10, clock);
    let released = 0;
    void turns.next().then(() => { released += 1; });
    clock.runImmediates();
    await settle();
    void turns.next().then(() => { released += 1; });
    expect(clock.immediateCount).to.equal(1);
    clock.runImmediates();
    await settle();
    expect(released).to.equal(2);
  });

  it('refuses a perTurn that is not a whole number >= 1, quoting it', () => {
    expect(() => new Turns(0)).to.throw(RangeError, 'perTurn must be a whole number >= 1, not 0');
  });
});
