import { expect } from 'chai';
import { revWinsOver, winningLeaf } from '../../lib/db/winning-leaf';

describe('winningLeaf (CouchDB\'s choice among sibling revisions)', () => {
  it('takes the highest generation, then the highest revision id', () => {
    expect(revWinsOver('3-aaa', '2-fff')).to.equal(true);
    expect(revWinsOver('2-b72d490213f63a9cafe57445400140f0', '2-d8ef62f6763bbbb5a19a0f730b5cfd6a')).to.equal(false);
    expect(revWinsOver('10-a', '9-f')).to.equal(true);
    expect(winningLeaf([{ _rev: '2-a' }, { _rev: '2-c' }, { _rev: '2-b' }])).to.deep.equal({ _rev: '2-c' });
  });

  it('prefers a live leaf to a deleted one of any generation', () => {
    expect(winningLeaf([{ _rev: '5-f', _deleted: true }, { _rev: '2-a' }])).to.deep.equal({ _rev: '2-a' });
    expect(winningLeaf([{ _rev: '5-f', _deleted: true }, { _rev: '6-a', _deleted: true }])).to.deep.equal({ _rev: '6-a', _deleted: true });
  });

  it('has no winner without leaves', () => {
    expect(winningLeaf([])).to.equal(undefined);
  });
});
