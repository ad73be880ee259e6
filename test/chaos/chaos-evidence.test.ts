import { expect } from 'chai';
import type { JobEvent } from './chaos-jobs';
import { bodyLine, describeRun, revisionLines, revisionsToRead, runsOf } from './chaos-evidence';

const at = (time: string): number => Date.parse(`2026-12-02T${time}Z`);
const start = (id: string, pid: number, time: string, rev?: string): JobEvent =>
  ({ event: 'start', id, pid, at: at(time), rev, lease: rev && `host/${pid}/x`, leaseUntil: rev && new Date(at(time) + 3000).toISOString() });
const end = (id: string, pid: number, time: string): JobEvent => ({ event: 'end', id, pid, at: at(time) });

describe('chaos: evidence of a task', () => {
  it("pairs each start with the next end of the same process, and keeps a start without an end", () => {
    const events = [start('t', 1, '20:00:01'), start('other', 1, '20:00:01'), start('t', 2, '20:00:02'), end('t', 2, '20:00:03'), end('t', 1, '20:00:04')];
    expect(runsOf(events, 't')).to.deep.equal([
      { pid: 1, start: events[0], end: events[4] },
      { pid: 2, start: events[2], end: events[3] },
    ]);
    expect(runsOf([start('t', 3, '20:00:05')], 't')).to.deep.equal([{ pid: 3, start: start('t', 3, '20:00:05') }]);
  });

  it('says when a run started and ended, on which revision, and what became of its process', () => {
    const run = { pid: 7, start: start('t', 7, '20:00:01', '2-a'), end: end('t', 7, '20:00:01.250') };
    expect(describeRun(run, { how: 'killed', at: at('20:00:03') }))
      .to.equal('pid 7: start 20:00:01.000 on 2-a (lease host/7/x until 20:00:04.000), end 20:00:01.250; process killed with SIGKILL at 20:00:03.000');
    expect(describeRun({ pid: 8, start: start('t', 8, '20:00:02') }, { how: 'stopped', at: at('20:00:02.5'), code: 0 }))
      .to.equal('pid 8: start 20:00:02.000, no end; process stopped gracefully at 20:00:02.500, exit code 0');
    expect(describeRun({ pid: 9, end: end('t', 9, '20:00:04') }, undefined))
      .to.equal('pid 9: no start, end 20:00:04.000; process outlived the run (neither stopped nor killed before chaos ended)');
  });

  const doc = {
    _id: 't', _rev: '3-c', status: 'done',
    _revs_info: [{ rev: '3-c', status: 'available' }, { rev: '2-b', status: 'missing' }, { rev: '1-a', status: 'available' }],
    _conflicts: ['3-x'], _deleted_conflicts: ['2-y'],
  };

  it('reads the bodies of available revisions and of every other leaf', () => {
    expect(revisionsToRead(doc)).to.deep.equal(['3-c', '1-a', '3-x', '2-y']);
  });

  it('lists the revisions, newest first, then the other leaves, with the bodies read', () => {
    const bodies = new Map([['3-c', '{"status":"done"}'], ['1-a', '{}'], ['3-x', '{"status":"running"}'], ['2-y', '(GET answered 404)']]);
    expect(revisionLines(doc, bodies)).to.deep.equal([
      '3-c available {"status":"done"}', '2-b missing', '1-a available {}', '3-x conflict {"status":"running"}', '2-y deleted conflict (GET answered 404)',
    ]);
  });

  it('prints a body on one line without its id and revision', () => {
    expect(bodyLine({ _id: 't', _rev: '1-a', status: 'running', lease: { by: 'h/1/x' } })).to.equal('{"status":"running","lease":{"by":"h/1/x"}}');
  });
});
