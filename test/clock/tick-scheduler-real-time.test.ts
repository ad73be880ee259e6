// The scheduler on Node's own clock and timers: never early, and within the due second.
import { expect } from 'chai';
import { TickScheduler } from '../../lib/clock/tick-scheduler';

interface Fired {
  key: string;
  dueMs: number;
  atMs: number;
}

function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error(`not done within ${timeoutMs} ms`));
      else setTimeout(check, 10);
    };
    check();
  });
}

describe('TickScheduler in real time', function () {
  this.timeout(10000);

  it('fires each entry at or after its due time, within its second, in order', async () => {
    const fired: Fired[] = [];
    const scheduler = new TickScheduler<null>((key, _value, dueMs) => fired.push({ key, dueMs, atMs: Date.now() }));
    const second = Math.floor(Date.now() / 1000) + 1;
    const dues: Array<[string, number]> = [
      ['boundary', second * 1000], ['quarter', second * 1000 + 250], ['tenth', second * 1000 + 100],
      ['next', (second + 1) * 1000 + 300], ['last-ms', second * 1000 + 400],
    ];
    for (const [key, due] of dues) scheduler.add(key, due, null);
    try {
      await waitFor(() => fired.length === dues.length, 5000);
    } finally {
      scheduler.stop();
    }
    expect(fired.map((entry) => entry.key)).to.deep.equal(['boundary', 'tenth', 'quarter', 'last-ms', 'next']);
    for (const entry of fired) {
      expect(entry.atMs, `${entry.key} early`).to.be.at.least(entry.dueMs);
      expect(Math.floor(entry.atMs / 1000), `${entry.key} in its second`).to.equal(Math.floor(entry.dueMs / 1000));
    }
  });

  it('fires an entry already due at once, without waiting for a tick', async () => {
    const fired: Fired[] = [];
    const scheduler = new TickScheduler<null>((key, _value, dueMs) => fired.push({ key, dueMs, atMs: Date.now() }));
    const addedAt = Date.now();
    scheduler.add('overdue', addedAt - 5000, null);
    scheduler.add('now', addedAt, null);
    expect(fired).to.deep.equal([]);
    try {
      await waitFor(() => fired.length === 2, 2000);
    } finally {
      scheduler.stop();
    }
    expect(fired.map((entry) => entry.key)).to.deep.equal(['overdue', 'now']);
    expect(fired[1].atMs - addedAt).to.be.below(500);
  });
});
