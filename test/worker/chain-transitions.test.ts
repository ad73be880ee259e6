// What a chain's run writes (transitions.ts with chain-progress.ts), which retry policy a failed
// step gets (retry-policy.ts), and a chain naming a job the worker lacks (decide.ts).
import { expect } from 'chai';
import { readTask } from '../../lib/task/task';
import type { ChainStep, TaskDoc } from '../../lib/task/types';
import { withChainProgress, type ChainProgress } from '../../lib/worker/chain-progress';
import { decide } from '../../lib/worker/decide';
import { planAfterFailure, retryPolicyOf } from '../../lib/worker/retry-policy';
import { toFinished, toHandedBack } from '../../lib/worker/transitions';

const START = Date.parse('2026-01-31T10:00:00Z');
const timing = { startedMs: START, finishedMs: START + 25, by: 'host/1/aaa' };
const steps: ChainStep[] = [{ name: 'fetch' }, { name: 'resize', retry: { limit: 1, interval: 5000 } }, { name: 'upload' }];
const running = (fields: Partial<TaskDoc> = {}): TaskDoc => ({
  _id: 't', _rev: '2-x', worker: 'w', date: '2026-01-31T10:00:00Z', job: steps, status: 'running', attempts: 1,
  lease: { by: 'host/1/aaa', until: '2026-01-31T10:01:00Z' }, ...fields,
});
const progress = (from: number, step: number, results: unknown[]): ChainProgress => ({ from, step, results });
const failed = { kind: 'error', message: "job[1] 'resize' failed: boom" } as const;

describe('a chain\'s run, recorded', () => {
  it('ends done with every step\'s result in results, the last as result, step the last', () => {
    const done = toFinished(withChainProgress(running(), progress(0, 2, ['a', 'b', 'c'])), { kind: 'done', result: 'c' }, timing);
    expect(done).to.deep.include({ status: 'done', step: 2, results: ['a', 'b', 'c'], result: 'c', runs: 1 });
    expect(done.history?.[0]).to.deep.include({ outcome: 'done', step: 2 });
  });

  it('retries a failed step by its own retry, and resumes there: step and the results before it recorded', () => {
    const next = toFinished(withChainProgress(running(), progress(0, 1, ['a'])), failed, timing);
    expect(next).to.deep.include({ status: 'waiting', step: 1, results: ['a'], attempts: 1, fails: 1, date: '2026-01-31T10:00:05.025Z' });
    expect(next.error).to.deep.include({ message: "job[1] 'resize' failed: boom" });
  });

  it('gives up once the step\'s own retries are spent, naming them', () => {
    // The second failure of step 1 in a run that started there.
    const again = running({ step: 1, results: ['a'], attempts: 2, fails: 1 });
    const next = toFinished(withChainProgress(again, progress(1, 1, ['a'])), failed, timing);
    expect(next).to.deep.include({ status: 'error', step: 1, results: ['a'], fails: 2 });
    expect(next.error).to.deep.include({ gave_up: 'no retries left (job[1].retry.limit 1)' });
  });

  it('retries a step without its own retry by the task\'s; without either the failure is final', () => {
    const withTaskRetry = toFinished(withChainProgress(running({ retry: { limit: 3 } }), progress(0, 2, ['a', 'b'])), failed, timing);
    expect(withTaskRetry).to.deep.include({ status: 'waiting', step: 2, results: ['a', 'b'], fails: 1, date: '2026-01-31T10:00:01.025Z' });
    const final = toFinished(withChainProgress(running(), progress(0, 2, ['a', 'b'])), failed, timing);
    expect(final).to.deep.include({ status: 'error', step: 2 });
    expect(final.error).not.to.have.property('gave_up');
  });

  it('counts attempts and fails per step: a step the run reached starts from its first try', () => {
    // Step 0 had failed twice before; this run got past it and failed at step 2.
    const doc = running({ retry: { limit: 5 }, max_fails: 2, attempts: 3, fails: 2 });
    const next = toFinished(withChainProgress(doc, progress(0, 2, ['a', 'b'])), failed, timing);
    expect(next).to.deep.include({ status: 'waiting', attempts: 1, fails: 1 });
  });

  it('starts the next occurrence of a repeating chain from its first step, the last run\'s results kept until then', () => {
    const doc = running({ repeat: { hours: 1 } });
    const next = toFinished(withChainProgress(doc, progress(0, 2, ['a', 'b', 'c'])), { kind: 'done', result: 'c' }, timing);
    expect(next).to.deep.include({ status: 'waiting', results: ['a', 'b', 'c'], result: 'c', date: '2026-01-31T11:00:00.000Z' });
    expect(next).not.to.have.property('step');
  });

  it('hands back a stopped chain at the step it reached', () => {
    expect(toHandedBack(withChainProgress(running(), progress(0, 1, ['a'])))).to.deep.include({ status: 'waiting', step: 1, results: ['a'] });
  });
});

describe('retryPolicyOf', () => {
  it('is the failed step\'s own retry, else the task\'s, else none', () => {
    expect(retryPolicyOf(readTask(running({ step: 1 })))).to.deep.equal({ settings: { limit: 1, intervalMs: 5000, backoff: 'fixed', maxMs: null }, label: 'job[1].retry' });
    expect(retryPolicyOf(readTask(running({ step: 0, retry: { limit: 2 } })))).to.deep.equal({ settings: { limit: 2, intervalMs: 1000, backoff: 'fixed', maxMs: null }, label: 'retry' });
    expect(retryPolicyOf(readTask(running({ step: 0 })))).to.equal(null);
    expect(retryPolicyOf(readTask({ _id: 't', worker: 'w', date: '2026-01-31T10:00:00Z', job: 'a', retry: { limit: 1 } }))).to.deep.include({ label: 'retry' });
  });

  it('plans the step\'s retries with its own limit', () => {
    const nowMs = START;
    expect(planAfterFailure(readTask(running({ step: 1, fails: 1 })), nowMs)).to.deep.equal({ kind: 'retry', atMs: nowMs + 5000, retry: 1 });
    expect(planAfterFailure(readTask(running({ step: 1, fails: 2, retry: { limit: 9 } })), nowMs)).to.deep.equal({ kind: 'give-up', reason: 'no retries left (job[1].retry.limit 1)' });
  });
});

describe('decide, on a chain', () => {
  const context = { now: START, processId: 'host/1/aaa', jobNames: ['fetch', 'resize', 'upload'] };

  it('holds a chain whose steps the worker has', () => {
    expect(decide(readTask(running({ status: 'waiting', date: START })), context)).to.deep.include({ kind: 'hold' });
  });

  it('marks invalid a chain naming a job the worker lacks, naming the step', () => {
    const doc = running({ status: 'waiting', job: [{ name: 'fetch' }, { name: 'resise' }] });
    expect(decide(readTask(doc), context)).to.deep.equal({ kind: 'invalid', message: "job[1]: unknown job 'resise'; this worker has: fetch, resize, upload" });
  });
});
