import { expect } from 'chai';
import { heartbeatId, heartbeatOf } from '../../lib/db/heartbeats';

describe('heartbeat documents', () => {
  const beat = { worker: 'w', id: 'host/1/ab', started_at: '2030-01-01T00:00:00Z', until: '2030-01-01T00:00:30Z' };

  it('are named after the worker name and the process', () => {
    expect(heartbeatId('w', 'host/1/ab')).to.equal('after-process:w:host/1/ab');
  });

  it('are read back with their end in epoch ms', () => {
    expect(heartbeatOf({ _id: 'after-process:w:host/1/ab', after_process: beat }, 'w')).to.deep.equal({ ...beat, untilMs: Date.parse(beat.until) });
  });

  it('are nothing for another name, or for a document that only looks like one (anyone may write anything)', () => {
    expect(heartbeatOf({ _id: 'after-process:w:host/1/ab', after_process: beat }, 'v')).to.equal(null);
    expect(heartbeatOf({ _id: 'after-process:w:other', after_process: beat }, 'w')).to.equal(null);
    for (const junk of [null, 0, 'x', [], { ...beat, id: 7 }, { ...beat, until: 'soon' }, { ...beat, until: 5 }]) {
      expect(heartbeatOf({ _id: 'after-process:w:host/1/ab', after_process: junk }, 'w'), JSON.stringify(junk)).to.equal(null);
    }
  });
});
