import { expect } from 'chai';
import { TickScheduler, realTimers } from '../../lib/clock/tick-scheduler';
import { FakeClock } from './fake-clock';

/** A whole second on the wall clock. */
const T = Date.UTC(2013, 0, 12, 10, 0, 0);

interface Fired {
  key: string;
  value: string;
  dueMs: number;
  atMs: number;
}

function setup(startMs = T): { clock: FakeClock; scheduler: TickScheduler<string>; fired: Fired[] } {
  const clock = new FakeClock(startMs);
  const fired: Fired[] = [];
  const scheduler = new TickScheduler<string>((key, value, dueMs) => {
    fired.push({ key, value, dueMs, atMs: clock.now() });
  }, clock);
  return { clock, scheduler, fired };
}

function keys(fired: Fired[]): string[] {
  return fired.map((entry) => entry.key);
}

describe('TickScheduler', () => {
  it('uses the real clock and timers by default', () => {
    expect(realTimers.now()).to.be.closeTo(Date.now(), 50);
    const scheduler = new TickScheduler<string>(() => undefined);
    expect(scheduler.size).to.equal(0);
    scheduler.stop();
  });

  describe('firing', () => {
    it('fires an entry at its due time, with its key, value and due time', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('a', T + 1500, 'A');
      clock.advanceTo(T + 1499);
      expect(fired).to.deep.equal([]);
      clock.advanceTo(T + 1500);
      expect(fired).to.deep.equal([{ key: 'a', value: 'A', dueMs: T + 1500, atMs: T + 1500 }]);
      expect(scheduler.size).to.equal(0);
      expect(scheduler.has('a')).to.equal(false);
    });

    it('wakes at the second boundary, then gives the rest of the second a precise timer', () => {
      const { clock, scheduler, fired } = setup(T + 100);
      scheduler.add('a', T + 2500, 'A');
      expect(clock.delays).to.deep.equal([1900]);
      clock.advanceTo(T + 3000);
      expect(clock.delays).to.deep.equal([1900, 500]);
      expect(fired.map((entry) => entry.atMs)).to.deep.equal([T + 2500]);
    });

    it('fires an entry due on a second boundary from the tick itself', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('a', T + 2000, 'A');
      clock.advanceTo(T + 5000);
      expect(clock.delays).to.deep.equal([2000]);
      expect(fired.map((entry) => entry.atMs)).to.deep.equal([T + 2000]);
    });

    it('wakes at each second that holds entries', () => {
      const { clock, scheduler, fired } = setup();
      for (let second = 1; second <= 5; second += 1) scheduler.add(`s${second}`, T + second * 1000, 'v');
      clock.advanceTo(T + 10000);
      expect(clock.delays).to.deep.equal([1000, 1000, 1000, 1000, 1000]);
      expect(fired.map((entry) => entry.atMs - T)).to.deep.equal([1000, 2000, 3000, 4000, 5000]);
    });

    it('sleeps past empty seconds, waking at least every 10 seconds', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('far', T + 3600000 + 250, 'F');
      clock.advanceTo(T + 3600000 + 249);
      expect(fired).to.deep.equal([]);
      expect(Math.max(...clock.delays)).to.equal(10000);
      expect(clock.delays.length).to.be.at.most(361);
      clock.advanceTo(T + 3600000 + 250);
      expect(fired.map((entry) => entry.atMs)).to.deep.equal([T + 3600000 + 250]);
    });

    it('never polls while it holds nothing', () => {
      const { clock, scheduler } = setup();
      expect(clock.timerCount).to.equal(0);
      clock.advanceBy(60000);
      expect(clock.delays).to.deep.equal([]);
      scheduler.add('a', T + 70500, 'A');
      expect(clock.timerCount).to.equal(1);
      scheduler.remove('a');
      expect(clock.timerCount).to.equal(0);
      scheduler.add('b', T + 61500, 'B');
      clock.advanceBy(5000);
      expect(clock.timerCount).to.equal(0);
      expect(scheduler.size).to.equal(0);
    });

    it('fires what is held in a later second only then', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('late', T + 5100, 'L');
      scheduler.add('early', T + 1100, 'E');
      clock.advanceTo(T + 2000);
      expect(keys(fired)).to.deep.equal(['early']);
      expect(scheduler.has('late')).to.equal(true);
      clock.advanceTo(T + 6000);
      expect(keys(fired)).to.deep.equal(['early', 'late']);
    });

    it('fires a batch in due order, same due times in the order added', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('c', T + 1900, 'v');
      scheduler.add('a', T + 1000, 'v');
      scheduler.add('b2', T + 1300, 'v');
      scheduler.add('b1', T + 1300, 'v');
      scheduler.add('z', T + 900, 'v');
      clock.stall(5000);
      clock.advanceBy(0);
      expect(keys(fired)).to.deep.equal(['z', 'a', 'b2', 'b1', 'c']);
    });

    it('handles many entries in one second, each at its millisecond', () => {
      const { clock, scheduler, fired } = setup();
      for (let ms = 999; ms >= 0; ms -= 1) scheduler.add(`k${ms}`, T + 1000 + ms, String(ms));
      clock.advanceTo(T + 2000);
      expect(fired).to.have.length(1000);
      fired.forEach((entry, i) => {
        expect(entry.dueMs).to.equal(T + 1000 + i);
        expect(entry.atMs).to.equal(entry.dueMs);
      });
    });

    it('fires only what is due among many held entries', () => {
      const { clock, scheduler, fired } = setup();
      for (let i = 0; i < 50000; i += 1) scheduler.add(`k${i}`, T + 1000 + (i % 500) * 1000 + (i % 7), 'v');
      clock.advanceTo(T + 1006);
      expect(fired).to.have.length(100);
      expect(fired.every((entry) => entry.dueMs <= T + 1006 && entry.atMs === entry.dueMs)).to.equal(true);
      expect(scheduler.size).to.equal(49900);
      clock.advanceTo(T + 501000);
      expect(fired).to.have.length(50000);
    });
  });

  describe('stalls and early timers', () => {
    it('fires everything overdue after an event-loop stall, skipping no second', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('s1', T + 1200, 'v');
      scheduler.add('s2', T + 2700, 'v');
      scheduler.add('s4', T + 4000, 'v');
      scheduler.add('s9', T + 9500, 'v');
      clock.stall(4800);
      clock.advanceBy(0);
      expect(keys(fired)).to.deep.equal(['s1', 's2', 's4']);
      expect(fired.every((entry) => entry.atMs === T + 4800)).to.equal(true);
      clock.advanceTo(T + 9500);
      expect(keys(fired)).to.deep.equal(['s1', 's2', 's4', 's9']);
      expect(fired[3].atMs).to.equal(T + 9500);
    });

    it('takes the stalled-into second and waits for the part still ahead', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('past', T + 1900, 'v');
      scheduler.add('ahead', T + 3700, 'v');
      clock.stall(3200);
      clock.advanceBy(0);
      expect(keys(fired)).to.deep.equal(['past']);
      clock.advanceTo(T + 3699);
      expect(keys(fired)).to.deep.equal(['past']);
      clock.advanceTo(T + 3700);
      expect(fired[1]).to.include({ key: 'ahead', atMs: T + 3700 });
    });

    it('never fires before the due time when timers fire early', () => {
      const { clock, scheduler, fired } = setup();
      clock.earlyByMs = 2;
      const dues = [T + 1000, T + 1001, T + 1500, T + 1999, T + 2000, T + 2002, T + 7000];
      dues.forEach((due, i) => scheduler.add(`k${i}`, due, 'v'));
      clock.advanceTo(T + 10000);
      expect(fired.map((entry) => entry.dueMs)).to.deep.equal(dues);
      for (const entry of fired) expect(entry.atMs, `due ${entry.dueMs - T}`).to.equal(entry.dueMs);
    });

    it('re-checks when the wall clock steps back, and fires no earlier', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('a', T + 1500, 'v');
      clock.advanceTo(T + 999);
      clock.jump(-5000);
      clock.advanceTo(T + 999);
      expect(fired).to.deep.equal([]);
      clock.advanceTo(T + 1499);
      expect(fired).to.deep.equal([]);
      clock.advanceTo(T + 1500);
      expect(fired.map((entry) => entry.atMs)).to.deep.equal([T + 1500]);
    });

    it('notices within 10 seconds a wall clock that jumped ahead while timers slept', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('a', T + 3600000, 'v');
      clock.advanceBy(60000);
      clock.jump(7200000);
      clock.advanceBy(10000);
      expect(keys(fired)).to.deep.equal(['a']);
      expect(fired[0].atMs - (T + 7260000)).to.be.at.most(10000);
    });
  });

  describe('entries already due', () => {
    it('fires them promptly on setImmediate, not at the next tick, together', () => {
      const { clock, scheduler, fired } = setup(T + 400);
      scheduler.add('late', T + 400, 'v');
      scheduler.add('earlier', T - 60000, 'v');
      expect(fired).to.deep.equal([]);
      expect(clock.immediateCount).to.equal(1);
      expect(clock.timerCount).to.equal(0);
      clock.runImmediates();
      expect(keys(fired)).to.deep.equal(['earlier', 'late']);
      expect(fired.every((entry) => entry.atMs === T + 400)).to.equal(true);
      expect(scheduler.size).to.equal(0);
    });

    it('fires those added by a callback in a later batch', () => {
      const clock = new FakeClock(T);
      const fired: string[] = [];
      const scheduler: TickScheduler<number> = new TickScheduler<number>((key, value) => {
        fired.push(`${key}${value}`);
        if (value > 0) scheduler.add(key, clock.now(), value - 1);
      }, clock);
      scheduler.add('again', T, 2);
      clock.runQueuedImmediates();
      expect(fired).to.deep.equal(['again2']);
      expect(scheduler.has('again')).to.equal(true);
      clock.runQueuedImmediates();
      clock.runQueuedImmediates();
      expect(fired).to.deep.equal(['again2', 'again1', 'again0']);
      expect(scheduler.size).to.equal(0);
      expect(clock.immediateCount).to.equal(0);
    });
  });

  describe('add, remove, has, size', () => {
    it('counts and finds what it holds', () => {
      const { scheduler } = setup();
      scheduler.add('a', T + 1000, 'A');
      scheduler.add('b', T + 1000, 'B');
      scheduler.add('c', T - 1, 'C');
      expect(scheduler.size).to.equal(3);
      expect(scheduler.has('a')).to.equal(true);
      expect(scheduler.has('c')).to.equal(true);
      expect(scheduler.has('x')).to.equal(false);
    });

    it('replaces the entry of a key', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('a', T + 1000, 'first');
      scheduler.add('a', T + 3000, 'second');
      expect(scheduler.size).to.equal(1);
      clock.advanceTo(T + 5000);
      expect(fired).to.deep.equal([{ key: 'a', value: 'second', dueMs: T + 3000, atMs: T + 3000 }]);
    });

    it('replaces an entry already due with a later one, and the other way round', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('a', T - 10, 'now');
      scheduler.add('a', T + 2000, 'later');
      scheduler.add('b', T + 2000, 'later');
      scheduler.add('b', T, 'now');
      clock.advanceTo(T + 5000);
      expect(fired.map((entry) => `${entry.key}:${entry.value}`)).to.deep.equal(['b:now', 'a:later']);
    });

    it('removes an entry wherever it waits', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('bucket', T + 3000, 'v');
      scheduler.add('pending', T + 1800, 'v');
      scheduler.add('immediate', T, 'v');
      scheduler.add('kept', T + 1900, 'v');
      clock.advanceTo(T + 1000);
      clock.runImmediates();
      expect(keys(fired)).to.deep.equal(['immediate']);
      scheduler.add('immediate2', T + 1000, 'v');
      expect(scheduler.remove('immediate2')).to.equal(true);
      expect(scheduler.remove('pending')).to.equal(true);
      expect(scheduler.remove('bucket')).to.equal(true);
      expect(scheduler.remove('bucket')).to.equal(false);
      expect(scheduler.remove('never')).to.equal(false);
      expect(scheduler.size).to.equal(1);
      clock.advanceTo(T + 10000);
      expect(keys(fired)).to.deep.equal(['immediate', 'kept']);
      expect(clock.timerCount).to.equal(0);
    });

    it('keeps firing correctly through heavy add and remove churn', () => {
      const { clock, scheduler, fired } = setup();
      for (let round = 0; round < 5; round += 1) {
        for (let i = 0; i < 1000; i += 1) scheduler.add(`k${i}`, T + 1000 * (i + 1) + round, 'v');
        for (let i = 0; i < 1000; i += 1) if (i % 100 !== 0) scheduler.remove(`k${i}`);
      }
      expect(scheduler.size).to.equal(10);
      clock.advanceTo(T + 2000000);
      expect(keys(fired)).to.deep.equal(['k0', 'k100', 'k200', 'k300', 'k400', 'k500', 'k600', 'k700', 'k800', 'k900']);
      expect(fired.every((entry) => entry.atMs === entry.dueMs)).to.equal(true);
    });

    it('does not fire an entry that an earlier callback of the batch removed or replaced', () => {
      const clock = new FakeClock(T);
      const fired: string[] = [];
      const scheduler: TickScheduler<string> = new TickScheduler<string>((key, value) => {
        fired.push(`${key}:${value}`);
        if (key === 'a') {
          scheduler.remove('b');
          scheduler.add('c', T + 9000, 'replaced');
        }
      }, clock);
      scheduler.add('a', T + 1100, 'v');
      scheduler.add('b', T + 1200, 'v');
      scheduler.add('c', T + 1300, 'v');
      clock.stall(2000);
      clock.advanceBy(0);
      expect(fired).to.deep.equal(['a:v']);
      clock.advanceTo(T + 9000);
      expect(fired).to.deep.equal(['a:v', 'c:replaced']);
    });

    it('no longer holds an entry when its callback runs', () => {
      const clock = new FakeClock(T);
      const seen: boolean[] = [];
      const scheduler: TickScheduler<string> = new TickScheduler<string>((key) => seen.push(scheduler.has(key)), clock);
      scheduler.add('a', T + 1000, 'v');
      clock.advanceTo(T + 1000);
      expect(seen).to.deep.equal([false]);
    });

    it('refuses a due time that is not a number', () => {
      const { scheduler } = setup();
      expect(() => scheduler.add('a', NaN, 'v')).to.throw(RangeError, "due time NaN of 'a' is not a time in epoch milliseconds");
      expect(() => scheduler.add('a', Infinity, 'v')).to.throw(RangeError);
      expect(scheduler.size).to.equal(0);
    });
  });

  describe('errors in onDue', () => {
    it('fires the rest of the batch, rethrows the first error, and keeps going', () => {
      const clock = new FakeClock(T);
      const fired: string[] = [];
      const scheduler = new TickScheduler<string>((key) => {
        fired.push(key);
        if (key.startsWith('bad')) throw new Error(`${key} failed`);
      }, clock);
      scheduler.add('bad1', T + 1100, 'v');
      scheduler.add('good', T + 1200, 'v');
      scheduler.add('bad2', T + 1300, 'v');
      scheduler.add('next', T + 5000, 'v');
      clock.stall(2000);
      expect(() => clock.advanceBy(0)).to.throw('bad1 failed');
      expect(fired).to.deep.equal(['bad1', 'good', 'bad2']);
      clock.advanceTo(T + 5000);
      expect(fired).to.deep.equal(['bad1', 'good', 'bad2', 'next']);
    });
  });

  describe('stop', () => {
    it('clears its timers, forgets its entries and ignores later adds', () => {
      const { clock, scheduler, fired } = setup();
      scheduler.add('a', T + 1500, 'v');
      scheduler.add('b', T - 1, 'v');
      clock.advanceTo(T + 1100);
      expect(keys(fired)).to.deep.equal(['b']);
      scheduler.add('c', T, 'v');
      scheduler.stop();
      expect(clock.timerCount).to.equal(0);
      expect(scheduler.size).to.equal(0);
      expect(scheduler.has('a')).to.equal(false);
      scheduler.add('d', T + 2000, 'v');
      expect(scheduler.size).to.equal(0);
      expect(clock.timerCount).to.equal(0);
      expect(scheduler.remove('a')).to.equal(false);
      clock.advanceTo(T + 10000);
      expect(keys(fired)).to.deep.equal(['b']);
    });

    it('stops the rest of a batch when a callback stops it', () => {
      const clock = new FakeClock(T);
      const fired: string[] = [];
      const scheduler: TickScheduler<string> = new TickScheduler<string>((key) => {
        fired.push(key);
        scheduler.stop();
      }, clock);
      scheduler.add('a', T + 1100, 'v');
      scheduler.add('b', T + 1200, 'v');
      clock.stall(2000);
      clock.advanceBy(0);
      expect(fired).to.deep.equal(['a']);
      expect(clock.timerCount).to.equal(0);
    });
  });
});
