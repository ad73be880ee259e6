import { expect } from 'chai';
import { decide, MARK_SCHEDULED_AFTER_MS } from '../../lib/worker/decide';
import { readTask, type Task } from '../../lib/task/task';
import type { TaskDoc } from '../../lib/task/types';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const context = { now: NOW, processId: 'host/1/aaa', jobNames: ['a', 'b'] };
const task = (fields: Partial<TaskDoc>): Task => readTask({ _id: 't', _rev: '1-x', worker: 'w', date: NOW, job: 'a', ...fields });

describe('decide', () => {
  it('drops finished and deleted tasks', () => {
    for (const status of ['done', 'error', 'canceled'] as const) expect(decide(task({ status }), context)).to.deep.equal({ kind: 'drop' });
    expect(decide(task({ _deleted: true }), context)).to.deep.equal({ kind: 'drop' });
  });

  it('cancels on cancel, even a malformed task', () => {
    expect(decide(task({ status: 'cancel', date: 'nonsense' }), context)).to.deep.equal({ kind: 'cancel' });
  });

  it('holds a task due now without a scheduled write, and a far one with it', () => {
    expect(decide(task({}), context)).to.deep.equal({ kind: 'hold', dueMs: NOW, markScheduled: false });
    expect(decide(task({ date: NOW + MARK_SCHEDULED_AFTER_MS + 1 }), context)).to.deep.equal({ kind: 'hold', dueMs: NOW + MARK_SCHEDULED_AFTER_MS + 1, markScheduled: true });
    expect(decide(task({ status: 'reschedule', date: '2026-01-01T00:00:05Z' }), context)).to.deep.equal({ kind: 'hold', dueMs: NOW + 5000, markScheduled: true });
  });

  it('holds a task whose date is local time in its zone until that time, loaded from where the views order it', () => {
    // 09:00 in Tokyo (+09:00) is 00:00Z; the views order it 14 hours before 09:00Z.
    expect(decide(task({ date: '2026-01-01T09:00:00', tz: 'Asia/Tokyo' }), context))
      .to.deep.equal({ kind: 'hold', dueMs: NOW, markScheduled: false, loadMs: NOW - 5 * 3_600_000 });
    expect(decide(task({ date: '2026-01-01T09:00:00', tz: 'Mars/Olympus_Mons' }), context))
      .to.deep.equal({ kind: 'invalid', message: 'tz \'Mars/Olympus_Mons\' is not a time zone; use an IANA zone name such as "Europe/Paris" or "America/New_York" (default "UTC")' });
  });

  it('holds an already scheduled task without writing it again', () => {
    expect(decide(task({ status: 'scheduled', date: NOW + 60_000 }), context)).to.deep.equal({ kind: 'hold', dueMs: NOW + 60_000, markScheduled: false });
  });

  it('marks invalid documents and unknown jobs with a reason', () => {
    const bad = decide(task({ date: 'tomorrow-ish' }), context);
    expect(bad.kind).to.equal('invalid');
    expect((bad as { message: string }).message).to.match(/date 'tomorrow-ish' is not ISO 8601/);
    expect(decide(task({ job: { name: 'zzz' } }), context)).to.deep.equal({ kind: 'invalid', message: "unknown job 'zzz'; this worker has: a, b" });
  });

  it('marks an unknown job with the message the worker\'s jobs give, when it has one', () => {
    const hinted = { ...context, unknownJobMessage: (name: string) => `no ${name} here` };
    expect(decide(task({ job: 'zzz' }), hinted)).to.deep.equal({ kind: 'invalid', message: 'no zzz here' });
  });

  it('waits out another process\'s live lease and reruns an expired one', () => {
    const live = { by: 'other/2/bbb', until: new Date(NOW + 30_000).toISOString() };
    expect(decide(task({ status: 'running', lease: live }), context)).to.deep.equal({ kind: 'await-lease', untilMs: NOW + 30_000 });
    const expired = { by: 'other/2/bbb', until: new Date(NOW - 1).toISOString() };
    expect(decide(task({ status: 'running', lease: expired }), context)).to.deep.equal({ kind: 'hold', dueMs: NOW, markScheduled: false });
    expect(decide(task({ status: 'running' }), context)).to.deep.equal({ kind: 'hold', dueMs: NOW, markScheduled: false });
    expect(decide(task({ status: 'running', lease: { ...live, by: context.processId } }), context)).to.deep.equal({ kind: 'drop' });
  });

  it('takes over its own claim once that lease has ended (a cluster claim it gave up), without waiting after an outage', () => {
    const ended = { by: context.processId, until: new Date(NOW - 1).toISOString() };
    expect(decide(task({ status: 'running', lease: ended }), { ...context, takeoverNotBefore: NOW + 60_000 }))
      .to.deep.equal({ kind: 'hold', dueMs: NOW, markScheduled: false });
  });

  it('gives up a task whose process died on its last allowed attempt', () => {
    const expired = { by: 'other/2/bbb', until: new Date(NOW - 1).toISOString() };
    const decision = decide(task({ status: 'running', lease: expired, attempts: 3, max_attempts: 3 }), context);
    expect(decision).to.deep.equal({ kind: 'give-up', reason: "gave up after 3 attempts (max_attempts 3); the last run's process stopped answering" });
    expect(decide(task({ status: 'running', lease: expired, attempts: 2, max_attempts: 3 }), context).kind).to.equal('hold');
  });
});
