import { expect } from 'chai';
import { checkClaim } from '../../lib/worker/claim-check';
import type { TaskDoc } from '../../lib/task/types';

const me = 'host-a/1/aaa';
const other = 'host-b/2/bbb';
const claimed = (by: string, rev: string): TaskDoc => ({ _id: 't', _rev: rev, worker: 'w', date: 0, job: 'j', status: 'running', lease: { by, until: '2030-01-01T00:00:00Z' } });

describe('checkClaim', () => {
  it('holds when the task reads back as our claim, unchanged and without conflicts', () => {
    expect(checkClaim({ doc: claimed(me, '2-x'), conflicts: [] }, '2-x', me)).to.deep.equal({ kind: 'held' });
  });

  it('wins a cluster race when CouchDB shows our revision as the winner, and removes the losers', () => {
    expect(checkClaim({ doc: claimed(me, '2-b'), conflicts: ['2-a'] }, '2-b', me)).to.deep.equal({ kind: 'won', losingRevs: ['2-a'] });
  });

  it('loses a cluster race when the winning revision is another process\'s claim', () => {
    expect(checkClaim({ doc: claimed(other, '2-b'), conflicts: ['2-a'] }, '2-a', me)).to.deep.equal({ kind: 'lost' });
  });

  it('loses when the task was canceled or changed away from our claim', () => {
    expect(checkClaim({ doc: { ...claimed(me, '3-c'), status: 'cancel' }, conflicts: [] }, '2-x', me)).to.deep.equal({ kind: 'lost' });
  });

  it('keeps a claim a user edited on top of (other fields), with nothing to remove', () => {
    expect(checkClaim({ doc: { ...claimed(me, '3-c'), note: 'x' }, conflicts: [] }, '2-x', me)).to.deep.equal({ kind: 'won', losingRevs: [] });
  });
});
