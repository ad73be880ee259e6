import { expect } from 'chai';
import { rowRead, type RowContext } from '../../lib/worker/feed-rows';
import { OwnRevisions } from '../../lib/worker/own-revisions';
import type { ChangesRow } from '../../lib/db/changes-request';

describe('the thin feed: which rows a process reads', () => {
  const row = (id: string, ...revs: string[]): ChangesRow => ({ id, changes: revs.map((rev) => ({ rev })) });

  function context(options: { held?: Record<string, string>; owned?: string[]; own?: OwnRevisions; awaited?: string[] } = {}): RowContext {
    const own = options.own ?? new OwnRevisions();
    return {
      heartbeatPrefix: 'after-process:billing:',
      heldRev: (id) => options.held?.[id],
      ownWrite: (id, revs) => own.shownBy(id, revs),
      owns: (id) => (options.owned ?? []).includes(id),
      awaited: (id) => (options.awaited ?? []).includes(id),
    };
  }

  it('reads a task that falls to this process, and skips one that falls to another', () => {
    const ctx = context({ owned: ['mine'] });
    expect(rowRead(row('mine', '1-a'), ctx)).to.equal('latest');
    expect(rowRead(row('theirs', '1-a'), ctx)).to.equal('skip');
  });

  it('reads a task it holds when the row shows a revision it does not hold, whoever it falls to', () => {
    const ctx = context({ held: { theirs: '2-b' } });
    expect(rowRead(row('theirs', '3-c'), ctx)).to.equal('latest');
    expect(rowRead(row('theirs', '2-b'), ctx), 'the revision it holds').to.equal('skip');
  });

  it('skips a row that shows only its own last write, and reads one that shows a later revision', () => {
    const own = new OwnRevisions();
    own.written('mine', '2-b');
    const ctx = context({ owned: ['mine'], own });
    expect(rowRead(row('mine', '2-b'), ctx)).to.equal('skip');
    expect(own.size, 'forgotten once shown').to.equal(0);
    own.written('mine', '3-c');
    expect(rowRead(row('mine', '4-d'), ctx), 'a user changed it since').to.equal('latest');
    expect(own.size).to.equal(0);
  });

  it('keeps its own write in mind while the feed shows an older revision', () => {
    const own = new OwnRevisions();
    own.written('mine', '2-b');
    const ctx = context({ owned: ['mine'], own });
    expect(rowRead(row('mine', '1-a'), ctx)).to.equal('latest');
    expect(rowRead(row('mine', '2-b'), ctx)).to.equal('skip');
  });

  it('reads a document with several leaves with its siblings, even at a revision it holds', () => {
    expect(rowRead(row('mine', '2-a', '2-b'), context({ owned: ['mine'] }))).to.equal('with-siblings');
    expect(rowRead(row('held', '2-a', '2-b'), context({ held: { held: '2-a' } }))).to.equal('with-siblings');
  });

  it('reads the heartbeats of its own name only, and never design or local documents', () => {
    const ctx = context({ owned: ['after-process:billing:p2', 'after-process:mail:p3', '_design/after'] });
    expect(rowRead(row('after-process:billing:p2', '5-a'), ctx)).to.equal('latest');
    expect(rowRead(row('after-process:mail:p3', '5-a'), ctx)).to.equal('skip');
    expect(rowRead(row('_design/after', '1-a'), ctx)).to.equal('skip');
  });

  it('reads a task a held task waits on (depends_on), whoever it falls to, even when the row is its own last write', () => {
    const own = new OwnRevisions();
    own.written('dependency', '2-b');
    const ctx = context({ awaited: ['dependency', 'elsewhere'], own });
    expect(rowRead(row('elsewhere', '3-c'), ctx), 'another process\'s or name\'s task').to.equal('latest');
    expect(rowRead(row('dependency', '2-b'), ctx), 'our own write of it').to.equal('latest');
    expect(own.size, 'forgotten once shown').to.equal(0);
    expect(rowRead(row('not-awaited', '3-c'), ctx)).to.equal('skip');
  });

  it('remembers a bounded number of its own writes', () => {
    const own = new OwnRevisions();
    for (let i = 0; i < 50_010; i += 1) own.written(`t${i}`, '1-a');
    expect(own.size).to.equal(50_000);
    expect(own.shownBy('t0', ['1-a']), 'the oldest is forgotten first').to.equal(false);
    expect(own.shownBy('t50009', ['1-a'])).to.equal(true);
  });
});
