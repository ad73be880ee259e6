// What submit, cancel, reschedule and retry write: the pure decisions of lib/api/task-changes.ts.
import { expect } from 'chai';
import { TaskInvalidError, TaskStatusError } from '../../lib/api/errors';
import { canceledDoc, newTaskDoc, rescheduledDoc, retriedDoc, storedDate } from '../../lib/api/task-changes';
import { TaskError } from '../../lib/task/errors';
import { checkTask } from '../../lib/task/rules';
import type { TaskDoc, TaskStatus } from '../../lib/task/types';

const NOW = Date.parse('2026-12-04T10:00:00.000Z');

function task(status: TaskStatus | undefined, extra: Partial<TaskDoc> = {}): TaskDoc {
  return { _id: 't1', _rev: '3-abc', worker: 'billing', date: '2026-12-01T00:00:00Z', job: 'hello', status, ...extra };
}

const ran: Partial<TaskDoc> = {
  runs: 2, attempts: 2, fails: 2, result: 'old', error: { message: 'it broke', at: '2026-12-01T00:00:01Z', gave_up: 'no retries left (retry.limit 1)' },
  history: [{ started_at: '2026-12-01T00:00:00Z', duration: 5, outcome: 'error', by: 'p' }], mine: 'kept',
};

describe('library: what submit, cancel, reschedule and retry write (pure)', () => {
  describe('newTaskDoc (submit)', () => {
    it('stores a Date as ISO 8601, picks a random id and status waiting, keeps the user\'s fields', () => {
      const doc = newTaskDoc({ worker: 'billing', date: new Date(NOW), job: { name: 'hello', arguments: ['x'] }, mine: 1 });
      expect(doc).to.deep.include({ worker: 'billing', date: '2026-12-04T10:00:00.000Z', status: 'waiting', mine: 1 });
      expect(doc._id).to.match(/^[0-9a-f-]{36}$/);
      expect(newTaskDoc({ worker: 'b', date: NOW, job: 'j' })._id).not.to.equal(doc._id);
      expect(newTaskDoc({ _id: 'mine', worker: 'b', date: '2013-01-12', job: 'j' })).to.deep.include({ _id: 'mine', date: '2013-01-12' });
    });

    it('refuses what the task rules refuse, with their message, as a TaskInvalidError (a TaskError)', () => {
      const cases: unknown[] = [
        { worker: '', date: new Date(NOW), job: 'j' },
        { worker: 'b', date: 'tomorrow-ish', job: 'j' },
        { worker: 'b', date: 1700000000, job: 'j' },
        { worker: 'b', date: NOW, job: 'j', repeat: { ms: 1 } },
        { worker: 'b', date: NOW, job: 'j', status: 'Waiting' },
      ];
      for (const input of cases) {
        const expected = checkTask({ _id: 'x', status: 'waiting', ...(input as object) });
        expect(expected, JSON.stringify(input)).to.be.a('string');
        expect(() => newTaskDoc(input as never)).to.throw(TaskInvalidError, expected as string).that.is.instanceOf(TaskError);
      }
    });

    it('refuses an invalid Date and what is no object', () => {
      expect(() => newTaskDoc({ worker: 'b', date: new Date(Number.NaN), job: 'j' })).to.throw(TaskInvalidError, /^date is an invalid Date/);
      expect(() => newTaskDoc(null as never)).to.throw(TaskInvalidError, /^a task is an object .* not null$/);
    });
  });

  describe('storedDate', () => {
    it('takes a Date, an ISO string or epoch milliseconds; refuses what the rules refuse', () => {
      expect(storedDate(new Date(NOW))).to.equal('2026-12-04T10:00:00.000Z');
      expect(storedDate('2030-01-01T00:00:00Z')).to.equal('2030-01-01T00:00:00Z');
      expect(storedDate(NOW)).to.equal(NOW);
      expect(() => storedDate('soon')).to.throw(TaskInvalidError, "date 'soon' is not ISO 8601");
      expect(() => storedDate(new Date(Date.UTC(10000, 0, 1)))).to.throw(TaskInvalidError, /^date '\+010000-01-01T00:00:00.000Z'/);
    });
  });

  describe('canceledDoc (cancel)', () => {
    it('writes status cancel on an open task, whatever else it holds', () => {
      for (const status of ['waiting', 'scheduled', 'running', 'reschedule', undefined] as const) {
        expect(canceledDoc(task(status, { mine: 1 }))).to.deep.equal({ ...task(status, { mine: 1 }), status: 'cancel' });
      }
    });

    it('leaves a task already cancel or canceled as it is (the same object: nothing is written)', () => {
      for (const status of ['cancel', 'canceled'] as const) {
        const doc = task(status);
        expect(canceledDoc(doc)).to.equal(doc);
      }
    });

    it('refuses a task that ended done or error with a TaskStatusError naming the status', () => {
      for (const status of ['done', 'error'] as const) {
        const doc = task(status);
        expect(() => canceledDoc(doc)).to.throw(TaskStatusError, `task t1 has ended ${status}: there is nothing to cancel`)
          .with.property('status', status);
      }
    });
  });

  describe('rescheduledDoc (reschedule)', () => {
    it('writes status reschedule and the new date; a lease goes', () => {
      const doc = task('running', { lease: { by: 'p', until: '2026-12-04T10:00:30Z' }, attempts: 1 });
      const { lease: _lease, ...rest } = doc;
      expect(rescheduledDoc(doc, '2030-01-01T00:00:00Z')).to.deep.equal({ ...rest, status: 'reschedule', date: '2030-01-01T00:00:00Z' });
    });

    it('opens a finished task again with fresh attempts and fails; runs, history, result and error stay', () => {
      for (const status of ['done', 'error', 'canceled'] as const) {
        expect(rescheduledDoc(task(status, ran), NOW)).to.deep.equal({ ...task(status, ran), status: 'reschedule', date: NOW, attempts: 0, fails: 0 });
      }
    });
  });

  describe('retriedDoc (retry)', () => {
    it('sets a task that ended error or canceled back to waiting, due now, with fresh counts; its record stays', () => {
      for (const status of ['error', 'canceled'] as const) {
        const next = retriedDoc(task(status, { ...ran, lease: { by: 'p', until: 'x' } }), NOW);
        expect(next).to.deep.equal({ ...task(status, ran), status: 'waiting', date: '2026-12-04T10:00:00.000Z', attempts: 0, fails: 0 });
      }
    });

    it('keeps a repeating task on its grid: its first date becomes repeat_from when it has none', () => {
      expect(retriedDoc(task('canceled', { repeat: { days: 1 } }), NOW)).to.include({ repeat_from: '2026-12-01T00:00:00Z', date: '2026-12-04T10:00:00.000Z' });
      expect(retriedDoc(task('canceled', { repeat: { days: 1 }, repeat_from: '2026-11-01T00:00:00Z' }), NOW)).to.include({ repeat_from: '2026-11-01T00:00:00Z' });
    });

    it('refuses any other status with a TaskStatusError; a done task is told to reschedule', () => {
      expect(() => retriedDoc(task('done'), NOW)).to.throw(TaskStatusError,
        'task t1 is done; retry runs again a task that ended error or canceled (to run a done task again, reschedule it)');
      for (const status of ['waiting', 'scheduled', 'running', 'reschedule', 'cancel'] as const) {
        expect(() => retriedDoc(task(status), NOW)).to.throw(TaskStatusError, `task t1 is ${status}; retry runs again a task that ended error or canceled: it has not ended`);
      }
    });
  });
});
