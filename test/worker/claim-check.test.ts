import { expect } from 'chai';
import { checkClaim } from '../../lib/worker/claim-check';
import type { TaskDoc } from '../../lib/task/types';

const me = 'host-a/1/aaa';
const other = 'host-b/2/bbb';
const claimed = (by: string, rev: string): TaskDoc => ({ _id: 't', _rev: rev, worker: 'w', date: 0, job: 'j', status: 'running', lease: { by, until: '2030-01-01T00:00:00Z' } });

describe('checkClaim (confirming a claim on a cluster)', () => {
  it('holds when every copy shows our claim and nothing else, fresh or not', () => {
    expect(checkClaim({ doc: claimed(me, '2-x'), conflicts: [] }, me, true)).to.deep.equal({ kind: 'held' });
    expect(checkClaim({ doc: claimed(me, '2-x'), conflicts: [] }, me, false)).to.deep.equal({ kind: 'held' });
  });

  it('wins a race when our fresh claim is the winning revision, and removes the losers', () => {
    expect(checkClaim({ doc: claimed(me, '2-b'), conflicts: ['2-a'] }, me, true)).to.deep.equal({ kind: 'won', losingRevs: ['2-a'] });
  });

  it('does not run a claim that was not fresh when a sibling is, or may be, another process\'s claim, even as the winner', () => {
    expect(checkClaim({ doc: claimed(me, '2-b'), conflicts: ['2-a'], siblings: [claimed(other, '2-a')] }, me, false)).to.deep.equal({ kind: 'late' });
    expect(checkClaim({ doc: claimed(me, '2-b'), conflicts: ['2-a'] }, me, false)).to.deep.equal({ kind: 'late' });
  });

  it('runs a claim that was not fresh when its siblings are no claims (another process\'s `scheduled`)', () => {
    const scheduled: TaskDoc = { ...claimed(other, '2-a'), status: 'scheduled', lease: undefined };
    expect(checkClaim({ doc: claimed(me, '2-b'), conflicts: ['2-a'], siblings: [scheduled] }, me, false)).to.deep.equal({ kind: 'won', losingRevs: ['2-a'] });
  });

  it('loses when the winning revision is another process\'s claim', () => {
    expect(checkClaim({ doc: claimed(other, '2-b'), conflicts: ['2-a'] }, me, true)).to.deep.equal({ kind: 'lost' });
  });

  it('loses when the task was canceled or changed away from our claim', () => {
    expect(checkClaim({ doc: { ...claimed(me, '3-c'), status: 'cancel' }, conflicts: [] }, me, true)).to.deep.equal({ kind: 'lost' });
  });

  it('keeps a claim a user edited on top of (other fields)', () => {
    expect(checkClaim({ doc: { ...claimed(me, '3-c'), note: 'x' }, conflicts: [] }, me, true)).to.deep.equal({ kind: 'held' });
  });

  it('withdraws a claim that won over a sibling showing the task ran since (a stale read let it claim an old revision)', () => {
    const done: TaskDoc = { ...claimed(other, '3-a'), status: 'done', lease: undefined, runs: 1, attempts: 1 };
    const ours: TaskDoc = { ...claimed(me, '3-b'), attempts: 2 };
    expect(checkClaim({ doc: ours, conflicts: ['3-a'], siblings: [done] }, me, true)).to.deep.equal({ kind: 'superseded' });
    const renewed: TaskDoc = { ...claimed(other, '3-a'), attempts: 1 };
    expect(checkClaim({ doc: ours, conflicts: ['3-a'], siblings: [renewed] }, me, true)).to.deep.equal({ kind: 'superseded' });
  });

  it('wins over a rival claim of the same attempt and over a sibling in which the task has not run', () => {
    const ours: TaskDoc = { ...claimed(me, '3-b'), attempts: 1 };
    const rival: TaskDoc = { ...claimed(other, '3-a'), attempts: 1 };
    const scheduled: TaskDoc = { ...claimed(other, '2-s'), status: 'scheduled', lease: undefined };
    expect(checkClaim({ doc: ours, conflicts: ['3-a', '2-s'], siblings: [rival, scheduled] }, me, true)).to.deep.equal({ kind: 'won', losingRevs: ['3-a', '2-s'] });
  });
});
