import { expect } from 'chai';
import type { TaskDoc } from '../../lib/task/types';
import { AwaitedDependencies } from '../../lib/worker/awaited-dependencies';
import { dependenciesOf, dependencyVerdict } from '../../lib/worker/dependency-verdict';

const task = (fields: Partial<TaskDoc>): TaskDoc => ({ _id: 'x', worker: 'w', date: 0, job: 'j', ...fields });

describe('dependencies: the verdict on what was read', () => {
  const docs: Record<string, TaskDoc | null> = {
    done1: task({ status: 'done', finished_at: '2030-01-01T00:00:05.000Z' }),
    done2: task({ status: 'done', finished_at: '2030-01-01T00:00:09.000Z' }),
    doneByHand: task({ status: 'done' }),
    failed: task({ status: 'error', error: { message: 'it broke', at: '2030-01-01T00:00:00Z' } }),
    canceled: task({ status: 'canceled' }),
    waiting: task({ status: 'waiting' }),
    running: task({ status: 'running' }),
    fresh: task({}),
    notATask: { _id: 'notATask' } as TaskDoc,
    missing: null,
  };
  const verdict = (...ids: string[]): ReturnType<typeof dependencyVerdict> => dependencyVerdict(ids, (id) => docs[id] ?? null);

  it('is met when every one is done, at the latest finished_at', () => {
    expect(verdict('done1', 'done2', 'doneByHand')).to.deep.equal({ kind: 'met', lastDoneMs: Date.parse('2030-01-01T00:00:09.000Z') });
    expect(verdict('doneByHand')).to.deep.equal({ kind: 'met', lastDoneMs: null });
  });

  it('waits for those not ended, a task without status too', () => {
    expect(verdict('done1', 'waiting', 'running', 'fresh')).to.deep.equal({ kind: 'pending', ids: ['waiting', 'running', 'fresh'] });
  });

  it('fails on the first in order that ended error or canceled, or does not exist, whatever waits', () => {
    expect(verdict('waiting', 'failed', 'canceled')).to.deep.equal({ kind: 'failed', id: 'failed', status: 'error', message: "dependency 'failed' ended error: it broke" });
    expect(verdict('canceled', 'failed')).to.deep.include({ id: 'canceled', status: 'canceled', message: "dependency 'canceled' was canceled" });
    expect(verdict('done1', 'missing')).to.deep.include({ id: 'missing', status: 'missing', message: "dependency 'missing' does not exist" });
    expect(verdict('notATask')).to.deep.include({ id: 'notATask', message: "dependency 'notATask' is not a task (it has no worker)" });
  });

  it('reads depends_on once per id, and none from an absent or empty list', () => {
    expect(dependenciesOf(task({ depends_on: ['a', 'b', 'a'] }))).to.deep.equal(['a', 'b']);
    expect(dependenciesOf(task({ depends_on: [] }))).to.equal(null);
    expect(dependenciesOf(task({}))).to.equal(null);
  });
});

describe('dependencies: the ids held tasks wait on', () => {
  it('knows who waits on what, and forgets a task that is released or waits on others', () => {
    const awaited = new AwaitedDependencies();
    awaited.wait('D', ['B', 'C']);
    awaited.wait('E', ['C']);
    expect(awaited.has('C')).to.equal(true);
    expect(awaited.dependentsOf('C')).to.deep.equal(['D', 'E']);
    awaited.wait('D', ['C']);
    expect(awaited.has('B'), 'D waits on C alone now').to.equal(false);
    awaited.release('E');
    awaited.release('unknown');
    expect(awaited.dependentsOf('C')).to.deep.equal(['D']);
    awaited.release('D');
    expect(awaited.has('C')).to.equal(false);
    expect(awaited.size).to.equal(0);
  });
});
