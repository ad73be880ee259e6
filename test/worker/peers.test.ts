import { expect } from 'chai';
import { PeerSet } from '../../lib/worker/peers';

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

  it('does not count itself as a peer', () => {
    const set = new PeerSet('a', 30_000);
    set.seen('a', 0);
    expect(set.size).to.equal(0);
  });
});
