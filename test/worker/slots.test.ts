import { expect } from 'chai';
import { SlotQueue, type ReadyTask } from '../../lib/worker/slots';
import { FakeClock } from '../clock/fake-clock';

const ready = (id: string, fields: Partial<ReadyTask> = {}): ReadyTask => ({ id, priority: 0, dueMs: 1000, rank: 0, ...fields });

describe('SlotQueue: the ready queue and its slots', () => {
  function queue(concurrency: number, options: { stale?: Set<string>; closed?: () => boolean } = {}): { slots: SlotQueue; rounds: string[][]; clock: FakeClock } {
    const clock = new FakeClock(0);
    const rounds: string[][] = [];
    const slots = new SlotQueue({
      concurrency, time: clock, stillReady: (task) => !(options.stale?.has(task.id) ?? false), closed: options.closed ?? (() => false),
      take: (round) => rounds.push(round.map((task) => task.id)),
    });
    return { slots, rounds, clock };
  }

  it('takes a round on the next turn, as many as there are free slots, by priority then due time, each round in id order', () => {
    const { slots, rounds, clock } = queue(3);
    slots.push(ready('d', { dueMs: 900 }));
    slots.push(ready('c', { priority: 5 }));
    slots.push(ready('a', { dueMs: 2000 }));
    slots.push(ready('b'));
    expect(rounds, 'nothing before the turn ends').to.deep.equal([]);
    clock.runImmediates();
    // c (priority), d (earliest), b: written in id order; a waits for a slot.
    expect(rounds).to.deep.equal([['b', 'c', 'd']]);
    expect(slots.taken).to.equal(3);
  });

  it('starts the next round when a slot is released, and only then', () => {
    const { slots, rounds, clock } = queue(1);
    slots.push(ready('a'));
    slots.push(ready('b', { dueMs: 2000 }));
    clock.runImmediates();
    expect(rounds).to.deep.equal([['a']]);
    clock.runImmediates();
    expect(rounds, 'no slot free').to.deep.equal([['a']]);
    slots.release();
    clock.runImmediates();
    expect(rounds).to.deep.equal([['a'], ['b']]);
    expect(slots.taken).to.equal(1);
  });

  it('skips a task no longer ready without taking a slot, and takes no round while closed', () => {
    let closed = false;
    const { slots, rounds, clock } = queue(2, { stale: new Set(['a']), closed: () => closed });
    slots.push(ready('a'));
    slots.push(ready('b'));
    clock.runImmediates();
    expect(rounds).to.deep.equal([['b']]);
    expect(slots.taken).to.equal(1);
    closed = true;
    slots.push(ready('c'));
    clock.runImmediates();
    expect(rounds).to.deep.equal([['b']]);
  });
});
