import { expect } from 'chai';
import { lastActivity, PeerSet, sweepKey } from '../../lib/worker/peers';
import type { TaskDoc } from '../../lib/task/types';

describe('PeerSet: sharing tasks out among the processes of one name', () => {
  const ids = Array.from({ length: 3000 }, (_, i) => `task-${i}`);

  it('owns every task while it knows no other process', () => {
    const alone = new PeerSet('a', 30_000);
    expect(ids.every((id) => alone.owns(id, 0))).to.equal(true);
  });

  it('gives each task to exactly one of the processes that know each other, in roughly equal shares', () => {
    const names = ['p1', 'p2', 'p3'];
    const sets = names.map((name) => new PeerSet(name, 30_000));
    for (const set of sets) for (const name of names) set.seen(name, 0);
    const shares = sets.map(() => 0);
    for (const id of ids) {
      const owners = sets.filter((set) => set.owns(id, 1000));
      expect(owners, id).to.have.length(1);
      shares[sets.indexOf(owners[0])] += 1;
    }
    for (const share of shares) expect(share).to.be.within(800, 1200);
  });

  it('takes a process back into its own share once that process has not claimed anything for a while', () => {
    const set = new PeerSet('a', 30_000);
    set.seen('b', 0);
    const given = ids.filter((id) => !set.owns(id, 10_000));
    expect(given.length).to.be.within(1200, 1800);
    expect(given.filter((id) => !set.owns(id, 30_001))).to.have.length(0);
    expect(set.size).to.equal(0);
  });

  it('tells when a process is forgotten, stopped or silent, once each', async () => {
    const told: string[] = [];
    const set = new PeerSet('a', 30_000, (peer) => told.push(peer));
    set.seen('b', 0);
    set.seen('c', 0);
    set.forget('b');
    set.forget('b');
    set.owns('task-1', 30_001);
    set.owns('task-2', 30_002);
    expect(told, 'told on the next turn, not during the call').to.deep.equal([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).to.deep.equal(['b', 'c']);
  });

  it('does not bring a forgotten process back on its work seen in documents, only on its heartbeat', () => {
    const set = new PeerSet('a', 30_000);
    set.alive('b', 0);
    set.forget('b', 1000);
    set.seen('b', 2000, 2000);
    expect(set.size, 'a run record or lease of b seen after it was forgotten').to.equal(0);
    set.alive('b', 3000);
    expect(set.size, 'its heartbeat, live again').to.equal(1);
    set.seen('c', 3000);
    expect(set.size).to.equal(2);
  });

  it('gives the lease sweep of a name to one process of those that know each other, and to another once that one is gone', () => {
    const names = ['host/1/aa', 'host/2/bb', 'other/3/cc'];
    for (const worker of ['billing', 'mail', 'w']) {
      const sets = names.map((name) => new PeerSet(name, 30_000));
      for (const set of sets) for (const name of names) set.seen(name, 0);
      const sweepers = sets.filter((set) => set.owns(sweepKey(worker), 1000));
      expect(sweepers, worker).to.have.length(1);
      const gone = names[sets.indexOf(sweepers[0])];
      const left = sets.filter((set) => set !== sweepers[0]);
      for (const set of left) set.forget(gone);
      expect(left.filter((set) => set.owns(sweepKey(worker), 2000)), worker).to.have.length(1);
    }
  });

  it('does not count itself as a peer', () => {
    const set = new PeerSet('a', 30_000);
    set.seen('a', 0);
    expect(set.size).to.equal(0);
  });

  it('does not learn of a process from a run older than it would remember', () => {
    const set = new PeerSet('a', 30_000);
    set.seen('b', 0, 30_001);
    expect(set.size).to.equal(0);
    set.seen('b', 1, 30_001);
    expect(set.size).to.equal(1);
  });
});

describe('lastActivity: which process a document shows at work', () => {
  const base = { _id: 't', worker: 'w', date: 0, job: 'hello' } as TaskDoc;
  const run = (by: unknown, startedAt: unknown, duration: unknown) => ({ by, started_at: startedAt, duration, outcome: 'done' });

  it('is the lease owner, now, while the task runs', () => {
    expect(lastActivity({ ...base, status: 'running', lease: { by: 'p1', until: '2030-01-01T00:00:00Z' } }, 5000)).to.deep.equal({ by: 'p1', atMs: 5000 });
  });

  it('is none for a lease that ran out: its process stopped renewing it', () => {
    expect(lastActivity({ ...base, status: 'running', lease: { by: 'p1', until: '1970-01-01T00:00:04Z' } }, 5000)).to.equal(null);
  });

  it('is the last run\'s process, when that run ended, once the task has moved on', () => {
    const history = [run('p1', '1970-01-01T00:00:01Z', 10), run('p2', '1970-01-01T00:00:02Z', 500)];
    expect(lastActivity({ ...base, status: 'done', history } as unknown as TaskDoc, 9000)).to.deep.equal({ by: 'p2', atMs: 2500 });
  });

  it('is nothing when history is not a list of run records (a user may write anything there)', () => {
    for (const history of [0, true, {}, 'p1', [], [null], [7], [run(3, '1970-01-01T00:00:01Z', 1)], [run('p1', 'soon', 1)]]) {
      expect(lastActivity({ ...base, status: 'done', history } as unknown as TaskDoc, 9000), JSON.stringify(history)).to.equal(null);
    }
  });
});
