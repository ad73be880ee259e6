import path from 'node:path';
import { expect } from 'chai';
import { JobRegistry } from '../../lib/jobs/registry';
import type { JobTask } from '../../lib/jobs/job-task';
import { runModuleJob, type ModuleJobFunction } from '../../lib/jobs/run-module';
import type { JobOutcome } from '../../lib/jobs/types';
import { jobInput, TempJobsFolder } from './temp-jobs-folder';

function run(job: ModuleJobFunction, overrides: Parameters<typeof jobInput>[1] = {}): Promise<JobOutcome> {
  return runModuleJob(job, jobInput('example', overrides));
}

const later = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('runModuleJob', () => {
  describe('settles done', () => {
    it("on emit('done', result)", async () => {
      expect(await run((task) => { setImmediate(() => task.emit('done', { sent: 3 })); }))
        .to.deep.equal({ kind: 'done', result: { sent: 3 } });
    });

    it("on emit('done') without a result, as null", async () => {
      expect(await run((task) => { task.emit('done'); })).to.deep.equal({ kind: 'done', result: null });
    });

    it('when the returned promise resolves, with its value', async () => {
      expect(await run(async () => { await later(); return [1, 'two']; }))
        .to.deep.equal({ kind: 'done', result: [1, 'two'] });
    });

    it('when a returned thenable resolves', async () => {
      const thenable = { then(resolve: (value: unknown) => void) { resolve('from a thenable'); } };
      expect(await run(() => thenable)).to.deep.equal({ kind: 'done', result: 'from a thenable' });
    });

    it('when the function returns a value synchronously', async () => {
      expect(await run(() => 0)).to.deep.equal({ kind: 'done', result: 0 });
      expect(await run(() => false)).to.deep.equal({ kind: 'done', result: false });
      expect(await run(() => null)).to.deep.equal({ kind: 'done', result: null });
    });

    it('stores the JSON form of the result (a Date becomes its ISO string)', async () => {
      const date = new Date('2030-01-01T00:00:00Z');
      expect(await run(() => ({ at: date, skipped: undefined })))
        .to.deep.equal({ kind: 'done', result: { at: '2030-01-01T00:00:00.000Z' } });
    });
  });

  describe('settles error', () => {
    it("on emit('error', err), with the error's message and detail", async () => {
      const outcome = await run((task) => {
        const err = Object.assign(new TypeError('bad input'), { code: 'E_BAD' });
        setImmediate(() => task.emit('error', err));
      });
      expect(outcome).to.deep.include({ kind: 'error', message: 'bad input' });
      const detail = (outcome as { detail: Record<string, unknown> }).detail;
      expect(detail).to.include({ name: 'TypeError', code: 'E_BAD' });
      expect(detail.stack).to.be.a('string').and.match(/^TypeError: bad input\n\s+at /);
      // The job's frames only, not the runner's.
      expect(detail.stack).not.to.include(path.join('lib', 'jobs', 'run-module.js'));
    });

    it("on emit('error') without an argument, as 'job failed'", async () => {
      expect(await run((task) => { task.emit('error'); })).to.deep.equal({ kind: 'error', message: 'job failed' });
    });

    it("on emit('error', value) with a string or an object", async () => {
      expect(await run((task) => { task.emit('error', 'quota exceeded'); }))
        .to.deep.equal({ kind: 'error', message: 'quota exceeded' });
      expect(await run((task) => { task.emit('error', { message: 'from an object', retry: true }); }))
        .to.deep.equal({ kind: 'error', message: 'from an object' });
      expect(await run((task) => { task.emit('error', { status: 503 }); }))
        .to.deep.equal({ kind: 'error', message: '{"status":503}' });
      expect(await run((task) => { task.emit('error', 42); }))
        .to.deep.equal({ kind: 'error', message: '42' });
    });

    it('when an Error has an empty message', async () => {
      expect(await run(() => { throw new Error(''); })).to.deep.include({ kind: 'error', message: 'job failed' });
    });

    it('when the returned promise rejects', async () => {
      expect(await run(async () => { await later(); throw new Error('rejected'); }))
        .to.deep.include({ kind: 'error', message: 'rejected' });
    });

    it('when the function throws synchronously', async () => {
      expect(await run(() => { throw new RangeError('thrown'); })).to.deep.include({ kind: 'error', message: 'thrown' });
    });

    it('when a returned thenable throws from then()', async () => {
      const thenable = { then() { throw new Error('then threw'); } };
      expect(await run(() => thenable)).to.deep.include({ kind: 'error', message: 'then threw' });
    });

    it('bounds a very long message', async () => {
      const outcome = await run(() => { throw new Error('x'.repeat(10_000)); });
      expect((outcome as { message: string }).message).to.have.length(2000);
    });
  });

  describe('the first settlement wins', () => {
    it("emit('done') before a throw", async () => {
      expect(await run((task) => { task.emit('done', 'first'); throw new Error('second'); }))
        .to.deep.equal({ kind: 'done', result: 'first' });
    });

    it("emit('error') before the promise resolves", async () => {
      expect(await run(async (task) => { task.emit('error', new Error('first')); await later(); return 'second'; }))
        .to.deep.include({ kind: 'error', message: 'first' });
    });

    it("a resolved promise before a later emit('error'), which does not throw", async () => {
      let lateEmitThrew: unknown = 'not run';
      let savedTask: JobTask | undefined;
      const outcome = await run(async (task) => { savedTask = task; return 'first'; });
      try {
        savedTask?.emit('error', new Error('late'));
        savedTask?.emit('done', 'late');
        lateEmitThrew = false;
      } catch (err) {
        lateEmitThrew = err;
      }
      expect(outcome).to.deep.equal({ kind: 'done', result: 'first' });
      expect(lateEmitThrew).to.equal(false);
    });

    it('a synchronous return value before a later emit', async () => {
      expect(await run((task) => { setImmediate(() => task.emit('error', new Error('late'))); return 'first'; }))
        .to.deep.equal({ kind: 'done', result: 'first' });
    });

    it('a rejection after settlement is handled (no unhandled rejection)', async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };
      process.on('unhandledRejection', onUnhandled);
      try {
        const outcome = await run(async (task) => { task.emit('done', 'first'); await later(); throw new Error('late'); });
        await later(30);
        expect(outcome).to.deep.equal({ kind: 'done', result: 'first' });
        expect(unhandled).to.deep.equal([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });

    it('twice done: the first result is kept', async () => {
      expect(await run((task) => { task.emit('done', 1); task.emit('done', 2); }))
        .to.deep.equal({ kind: 'done', result: 1 });
    });
  });

  describe('a result that is not JSON', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const cases: Array<[string, unknown, string]> = [
      ['a circular reference', circular, 'it contains a circular reference'],
      ['a function', () => 1, 'it is a function'],
      ['a nested function', { ok: 1, callback: () => 1 }, "key 'callback' holds a function"],
      ['a BigInt', 10n, 'it is a bigint'],
      ['a nested BigInt', { total: 10n }, "key 'total' holds a bigint"],
      ['a symbol', Symbol('s'), 'it is a symbol'],
    ];
    for (const [what, result, reason] of cases) {
      it(`is an error: ${what}`, async () => {
        for (const job of [(task: JobTask) => { task.emit('done', result); }, async () => result]) {
          expect(await run(job)).to.deep.equal({
            kind: 'error',
            message: `job 'example' finished with a result that is not JSON (${reason}); ` +
              'return plain data: objects, arrays, strings, numbers, booleans, null',
          });
        }
      });
    }
  });

  describe('abort', () => {
    it("settles as an error when the signal aborts first, and ignores the job's later settlement", async () => {
      const controller = new AbortController();
      let settleLate: ((value: string) => void) | undefined;
      const outcome = run(() => new Promise((resolve) => { settleLate = resolve; }), { signal: controller.signal });
      controller.abort('the worker is stopping');
      settleLate?.('too late');
      expect(await outcome).to.deep.equal({ kind: 'error', message: "job 'example' was aborted: the worker is stopping" });
    });

    it('tells the job through task.signal, with an Error reason as its message', async () => {
      const controller = new AbortController();
      let sawAbort = false;
      const outcome = run((task) => { task.signal.addEventListener('abort', () => { sawAbort = true; }); },
        { signal: controller.signal });
      controller.abort(new Error('lease lost'));
      expect(await outcome).to.deep.equal({ kind: 'error', message: "job 'example' was aborted: lease lost" });
      expect(sawAbort).to.equal(true);
    });

    it('does not call the job when the signal has already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      let called = false;
      const outcome = await run(() => { called = true; return 1; }, { signal: controller.signal });
      expect(called).to.equal(false);
      expect(outcome).to.deep.equal({ kind: 'error', message: "job 'example' was aborted: This operation was aborted" });
    });

    it('has no effect after the run settled', async () => {
      const controller = new AbortController();
      const outcome = await run(() => 'finished', { signal: controller.signal });
      controller.abort();
      expect(outcome).to.deep.equal({ kind: 'done', result: 'finished' });
    });
  });

  describe('the task object', () => {
    it('carries id, date, job name and arguments, signal and the document', async () => {
      const signal = new AbortController().signal;
      let seen: JobTask | undefined;
      await run((task) => { seen = task; task.emit('done'); }, { arguments: ['a', { b: 1 }], signal });
      expect(seen?.id).to.equal('task-1');
      expect(seen?.date).to.equal('2030-01-02T03:04:05Z');
      expect(seen?.job).to.deep.equal({ name: 'example', arguments: ['a', { b: 1 }] });
      expect(seen?.signal).to.equal(signal);
      expect(seen?.doc).to.deep.include({ _id: 'task-1', worker: 'test', status: 'running' });
    });

    it('gives a frozen deep copy of the document, and a copy of the arguments the job may change', async () => {
      const input = jobInput('example', { arguments: [{ n: 1 }] });
      let frozen: unknown[] = [];
      await runModuleJob((task) => {
        frozen = [Object.isFrozen(task.doc), Object.isFrozen(task.doc.job)];
        (task.job.arguments as Array<{ n: number }>)[0].n = 2;
        return 'ok';
      }, input);
      expect(frozen).to.deep.equal([true, true]);
      expect(input.arguments).to.deep.equal([{ n: 1 }]);
      expect((input.doc.job as { arguments: unknown }).arguments).to.deep.equal([{ n: 1 }]);
    });

    it("lets a job emit 'error' with nobody else listening, without throwing", async () => {
      let after = false;
      const outcome = await run((task) => { task.emit('error', new Error('emitted')); after = true; });
      expect(after).to.equal(true);
      expect(outcome).to.deep.include({ kind: 'error', message: 'emitted' });
    });
  });

  describe('through a jobs folder', () => {
    let folder: TempJobsFolder;
    before(() => {
      folder = new TempJobsFolder().index(`
        const { setTimeout: wait } = require('node:timers/promises');
        module.exports = {
          generate_billing(task) {           // the seed's style
            if (task.job.arguments[0] > 0) task.emit('done'); else task.emit('error', new Error('nothing to bill'));
          },
          async send(task) { await wait(5); return { sent: task.job.arguments.length }; },
        };
      `);
    });
    after(() => folder.remove());

    it('runs both styles', async () => {
      const registry = JobRegistry.load(folder.dir);
      expect(await registry.run(jobInput('generate_billing', { arguments: [1] }))).to.deep.equal({ kind: 'done', result: null });
      expect(await registry.run(jobInput('generate_billing', { arguments: [0] })))
        .to.deep.include({ kind: 'error', message: 'nothing to bill' });
      expect(await registry.run(jobInput('send', { arguments: ['a', 'b', 'c'] }))).to.deep.equal({ kind: 'done', result: { sent: 3 } });
    });
  });
});
