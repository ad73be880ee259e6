// The ttl rules (rules-task.ts): what a ttl is, with one-line messages naming the field, and
// where a final task is kept until (retentionKey), which the view and the ttl sweep both read.
import { expect } from 'chai';
import { checkTask, retentionKey, ttlProblem } from '../../lib/task/rules';

const TASK = { worker: 'w', date: '2030-01-01T00:00:00Z', job: 'j' };
const END = Date.UTC(2030, 0, 1, 0, 0, 1);

describe('ttl rules', () => {
  it('accepts milliseconds, a duration object and an ISO 8601 duration', () => {
    for (const ttl of [1000, 0.5, { days: 7 }, { h: 1, m: 30 }, 'P7D', 'PT1H30M', 'P1M']) {
      expect(checkTask({ ...TASK, ttl }), JSON.stringify(ttl)).to.equal(null);
    }
  });

  it('refuses anything else, naming the field and what is accepted', () => {
    const accepted = 'use a number of milliseconds > 0, a duration object such as {"seconds": 30}, or an ISO 8601 duration such as PT30S';
    expect(checkTask({ ...TASK, ttl: 0 })).to.equal(`ttl 0 is not a delay; ${accepted}`);
    expect(checkTask({ ...TASK, ttl: -1 })).to.equal(`ttl -1 is not a delay; ${accepted}`);
    expect(checkTask({ ...TASK, ttl: true })).to.equal(`ttl true is not a delay; ${accepted}`);
    expect(checkTask({ ...TASK, ttl: null })).to.equal(`ttl null is not a delay; ${accepted}`);
    expect(checkTask({ ...TASK, ttl: 'a week' })).to.match(/^ttl 'a week' is not an ISO 8601 duration such as P1M7D/);
    expect(checkTask({ ...TASK, ttl: { weeks: 1.5 } })).to.match(/^ttl \{"weeks":1.5\} has weeks 1.5; years, months, weeks and days must be whole numbers/);
    expect(checkTask({ ...TASK, ttl: { D: 7 } })).to.match(/^ttl \{"D":7\} has unknown key 'D'; use years months weeks days/);
    expect(checkTask({ ...TASK, ttl: 'PT0S' })).to.equal("ttl 'PT0S' must be longer than zero (at least 1 millisecond)");
    expect(ttlProblem(undefined)).to.equal(null);
  });

  it('a wrong field that comes first is named first', () => {
    expect(checkTask({ ...TASK, date: 'soon', ttl: 0 })).to.match(/^date 'soon'/);
  });

  it('keeps a final task with its own ttl until its end plus the ttl', () => {
    expect(retentionKey({ ...TASK, status: 'done', finished_at: new Date(END).toISOString(), ttl: 'PT1M' })).to.deep.equal(['w', 'ttl', END + 60_000]);
    expect(retentionKey({ ...TASK, status: 'done', finished_at: END, ttl: { days: 1 } })).to.deep.equal(['w', 'ttl', END + 86_400_000]);
  });

  it('counts from the latest of finished_at, error.at and ended_at', () => {
    const at = (ms: number): string => new Date(ms).toISOString();
    expect(retentionKey({ ...TASK, status: 'error', finished_at: at(END), error: { message: 'x', at: at(END + 5) } })).to.deep.equal(['w', 'default', END + 5]);
    expect(retentionKey({ ...TASK, status: 'canceled', finished_at: at(END), ended_at: at(END + 9), error: { at: 'never' } }))
      .to.deep.equal(['w', 'default', END + 9]);
    expect(retentionKey({ ...TASK, status: 'done', finished_at: 'not a date', error: 'not an object' })).to.deep.equal(['w', 'default', null]);
  });

  it('gives no key for a ttl that is no delay (such a task is kept) or a document without a worker', () => {
    expect(retentionKey({ ...TASK, status: 'error', ttl: 'soon' })).to.equal(null);
    expect(retentionKey({ date: 1, status: 'done' })).to.equal(null);
    expect(retentionKey(null)).to.equal(null);
  });
});
