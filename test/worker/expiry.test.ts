// The ttl sweep's verdict on a finished task it found (expiry.ts): pure.
import { expect } from 'chai';
import type { TaskDoc } from '../../lib/task/types';
import { expiryVerdict, toDeleted, toEndStamped } from '../../lib/worker/expiry';

const END = Date.UTC(2030, 0, 1);
const base: TaskDoc = { _id: 't', _rev: '3-a', worker: 'w', date: END - 1000, job: 'j', status: 'done', finished_at: new Date(END).toISOString() };
const at = (nowMs: number, defaultTtlMs: number | null = null) => ({ nowMs, defaultTtlMs });

describe('expiryVerdict', () => {
  it('deletes a final task once its own ttl ran out from its end, not before', () => {
    const doc = { ...base, ttl: 60_000 };
    expect(expiryVerdict(doc, [], 'w', at(END + 59_999))).to.equal('keep');
    expect(expiryVerdict(doc, [], 'w', at(END + 60_000))).to.equal('delete');
    for (const status of ['error', 'canceled'] as const) expect(expiryVerdict({ ...doc, status }, [], 'w', at(END + 60_000))).to.equal('delete');
  });

  it('uses the worker\'s default for a task without a ttl; its own ttl wins; without either it is kept', () => {
    expect(expiryVerdict(base, [], 'w', at(END + 10 ** 12))).to.equal('keep');
    expect(expiryVerdict(base, [], 'w', at(END + 999, 1000))).to.equal('keep');
    expect(expiryVerdict(base, [], 'w', at(END + 1000, 1000))).to.equal('delete');
    expect(expiryVerdict({ ...base, ttl: 'PT1H' }, [], 'w', at(END + 1000, 1000))).to.equal('keep');
  });

  it('keeps what is not its to delete: another name\'s, open, deleted, with siblings, or a ttl that is no delay', () => {
    const doc = { ...base, ttl: 1 };
    const late = at(END + 10 ** 9, 1);
    expect(expiryVerdict(doc, [], 'other', late)).to.equal('keep');
    for (const status of ['waiting', 'scheduled', 'running', 'reschedule', 'cancel'] as const) {
      expect(expiryVerdict({ ...doc, status }, [], 'w', late), status).to.equal('keep');
    }
    expect(expiryVerdict({ ...doc, status: undefined }, [], 'w', late)).to.equal('keep');
    expect(expiryVerdict({ ...doc, _deleted: true }, [], 'w', late)).to.equal('keep');
    expect(expiryVerdict(doc, ['3-b'], 'w', late)).to.equal('keep');
    expect(expiryVerdict({ ...doc, ttl: 'soon' }, [], 'w', late)).to.equal('keep');
  });

  it('stamps the end of a final task whose end is not known, when a ttl applies to it', () => {
    const { finished_at: _, ...written } = base;
    expect(expiryVerdict({ ...written, ttl: 1 }, [], 'w', at(END))).to.equal('stamp-end');
    expect(expiryVerdict(written, [], 'w', at(END, 1))).to.equal('stamp-end');
    expect(expiryVerdict(written, [], 'w', at(END))).to.equal('keep');
  });

  it('writes a deletion on the revision read, and a stamp that keeps every field', () => {
    expect(toDeleted({ ...base, mine: 1 })).to.deep.equal({ _id: 't', _rev: '3-a', _deleted: true });
    expect(toEndStamped({ ...base, mine: 1 }, END)).to.deep.equal({ ...base, mine: 1, ended_at: new Date(END).toISOString() });
  });
});
