import { expect } from 'chai';
import { DueGate } from '../../lib/clock/due-gate';
import { FakeClock } from './fake-clock';

const T = Date.UTC(2026, 11, 3, 8, 0, 0);

/** Lets every promise continuation queued so far run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

describe('DueGate', () => {
  it('releases a waiter at its due time, not before', async () => {
    const clock = new FakeClock(T);
    const gate = new DueGate(clock);
    let released = false;
    void gate.wait(T + 1000, new AbortController().signal).then(() => { released = true; });
    clock.advanceTo(T + 999);
    await settle();
    expect(released).to.equal(false);
    clock.advanceTo(T + 1000);
    await settle();
    expect(released).to.equal(true);
    expect(gate.size).to.equal(0);
  });

  it('sets one timer for every waiter due at the same instant', () => {
    const clock = new FakeClock(T);
    const gate = new DueGate(clock);
    for (let i = 0; i < 100; i += 1) void gate.wait(T + 500, new AbortController().signal);
    void gate.wait(T + 700, new AbortController().signal);
    expect(clock.timerCount).to.equal(2);
    expect(gate.size).to.equal(2);
  });

  it('lets every waiter of an instant take its first step before any takes its second', async () => {
    const clock = new FakeClock(T);
    const gate = new DueGate(clock);
    const steps: string[] = [];
    const run = async (name: string): Promise<void> => {
      await gate.wait(T + 100, new AbortController().signal);
      steps.push(`${name} started`);
      await Promise.resolve();
      steps.push(`${name} finished`);
    };
    const runs = ['a', 'b', 'c'].map(run);
    clock.advanceTo(T + 100);
    await Promise.all(runs);
    expect(steps).to.deep.equal(['a started', 'b started', 'c started', 'a finished', 'b finished', 'c finished']);
  });

  it('waits again when a timer fires early against the wall clock', async () => {
    const clock = new FakeClock(T);
    clock.earlyByMs = 5;
    const gate = new DueGate(clock);
    let releasedAt = 0;
    void gate.wait(T + 1000, new AbortController().signal).then(() => { releasedAt = clock.now(); });
    clock.advanceTo(T + 998);
    await settle();
    expect(releasedAt).to.equal(0);
    clock.advanceTo(T + 2000);
    await settle();
    expect(releasedAt).to.be.at.least(T + 1000);
  });

  it('releases an aborted waiter at once, and drops the timer once no waiter is left', async () => {
    const clock = new FakeClock(T);
    const gate = new DueGate(clock);
    const first = new AbortController();
    const second = new AbortController();
    let firstReleased = false;
    void gate.wait(T + 1000, first.signal).then(() => { firstReleased = true; });
    void gate.wait(T + 1000, second.signal);
    first.abort();
    await settle();
    expect(firstReleased).to.equal(true);
    expect(clock.timerCount).to.equal(1);
    second.abort();
    await settle();
    expect(clock.timerCount).to.equal(0);
    expect(gate.size).to.equal(0);
  });

  it('resolves at once for a date already past or a signal already aborted', async () => {
    const clock = new FakeClock(T);
    const gate = new DueGate(clock);
    const aborted = new AbortController();
    aborted.abort();
    await gate.wait(T - 1, new AbortController().signal);
    await gate.wait(T + 1000, aborted.signal);
    expect(clock.timerCount).to.equal(0);
  });
});
