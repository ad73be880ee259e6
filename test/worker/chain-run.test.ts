// A run of a chain (lib/worker/chain-run.ts, chain-progress.ts): its steps in order from where
// it resumes, each given the previous result, and the progress recorded as it goes.
import { expect } from 'chai';
import type { JobOutcome } from '../../lib/jobs/types';
import type { ChainStep, TaskDoc } from '../../lib/task/types';
import { startProgress, withChainProgress, type ChainProgress } from '../../lib/worker/chain-progress';
import { runChain, type StepRunner } from '../../lib/worker/chain-run';

const steps: ChainStep[] = [{ name: 'fetch' }, { name: 'resize' }, { name: 'upload' }];
const doc = (fields: Partial<TaskDoc> = {}): TaskDoc => ({ _id: 't', worker: 'w', date: 0, job: steps, attempts: 3, fails: 2, ...fields });

interface Call { index: number; name: string; previous: unknown; progress: { step: number; results: unknown[] } }

/** A step runner that answers each step with `answers[index]` (done with `<name>-result` when absent) and records each call. */
function steppedBy(progress: ChainProgress, answers: Record<number, JobOutcome> = {}): { calls: Call[]; run: StepRunner } {
  const calls: Call[] = [];
  return {
    calls,
    run: async (step, index, previous) => {
      calls.push({ index, name: step.name, previous, progress: { step: progress.step, results: progress.results.slice() } });
      return answers[index] ?? { kind: 'done', result: `${step.name}-result` };
    },
  };
}

describe('runChain', () => {
  it('runs every step in order, each given the previous result; done with the last step\'s', async () => {
    const progress = startProgress(doc(), steps);
    const { calls, run } = steppedBy(progress);
    expect(await runChain(steps, progress, run)).to.deep.equal({ kind: 'done', result: 'upload-result' });
    expect(calls.map((call) => [call.index, call.name, call.previous])).to.deep.equal([
      [0, 'fetch', undefined], [1, 'resize', 'fetch-result'], [2, 'upload', 'resize-result'],
    ]);
    // While a step runs, `results` holds one result per step before it.
    expect(calls.map((call) => call.progress)).to.deep.equal([
      { step: 0, results: [] }, { step: 1, results: ['fetch-result'] }, { step: 2, results: ['fetch-result', 'resize-result'] },
    ]);
    expect(progress).to.deep.equal({ from: 0, step: 2, results: ['fetch-result', 'resize-result', 'upload-result'] });
  });

  it('stops at a failing step, naming it, with the results of the steps before', async () => {
    const progress = startProgress(doc(), steps);
    const { calls, run } = steppedBy(progress, { 1: { kind: 'error', message: 'no memory', detail: { code: 'ENOMEM' } } });
    expect(await runChain(steps, progress, run)).to.deep.equal({ kind: 'error', message: "job[1] 'resize' failed: no memory", detail: { code: 'ENOMEM' } });
    expect(calls.map((call) => call.index)).to.deep.equal([0, 1]);
    expect(progress).to.deep.equal({ from: 0, step: 1, results: ['fetch-result'] });
  });

  it('stops at a step that asks to run later', async () => {
    const progress = startProgress(doc(), steps);
    const { run } = steppedBy(progress, { 2: { kind: 'later', seconds: 5 } });
    expect(await runChain(steps, progress, run)).to.deep.equal({ kind: 'later', seconds: 5 });
    expect(progress).to.deep.include({ step: 2 });
  });

  it('resumes at the failed step with the results recorded, the step before\'s result as previous', async () => {
    const progress = startProgress(doc({ step: 1, results: ['fetched'] }), steps);
    const { calls, run } = steppedBy(progress);
    expect(await runChain(steps, progress, run)).to.deep.equal({ kind: 'done', result: 'upload-result' });
    expect(calls.map((call) => [call.index, call.previous])).to.deep.equal([[1, 'fetched'], [2, 'resize-result']]);
    expect(progress).to.deep.equal({ from: 1, step: 2, results: ['fetched', 'resize-result', 'upload-result'] });
  });
});

describe('withChainProgress', () => {
  it('records step and results; the step the run started at keeps its counts', () => {
    const recorded = withChainProgress(doc(), { from: 0, step: 0, results: [] });
    expect(recorded).to.deep.include({ step: 0, results: [], attempts: 3, fails: 2 });
  });

  it('counts the tries of a step the run moved on to from this run', () => {
    const recorded = withChainProgress(doc(), { from: 0, step: 2, results: ['a', 'b'] });
    expect(recorded).to.deep.include({ step: 2, results: ['a', 'b'], attempts: 1, fails: 0 });
  });

  it('writes a copy of the results, which the run goes on adding to', () => {
    const progress = { from: 0, step: 1, results: ['a'] };
    const recorded = withChainProgress(doc(), progress);
    progress.results.push('b');
    expect(recorded.results).to.deep.equal(['a']);
  });
});
