// What a worker reads of a chain: where a run starts, and the step a failure belongs to (lib/task/chain.ts).
import { expect } from 'chai';
import { chainStart, currentStep, isChain, stepLabel } from '../../lib/task/chain';
import type { TaskDoc } from '../../lib/task/types';

const steps = [{ name: 'fetch' }, { name: 'resize', retry: { limit: 2 } }, { name: 'upload' }];
const doc = (fields: Partial<TaskDoc>): TaskDoc => ({ _id: 't', worker: 'w', date: 0, job: steps, ...fields });

describe('chains', () => {
  it('are the tasks whose job is a list', () => {
    expect(isChain(steps)).to.equal(true);
    expect(isChain('a')).to.equal(false);
    expect(isChain({ name: 'a' })).to.equal(false);
    expect(stepLabel(2)).to.equal('job[2]');
  });

  describe('chainStart', () => {
    it('starts a new chain at step 0 with no results', () => {
      expect(chainStart(doc({}), 3)).to.deep.equal({ step: 0, results: [] });
    });

    it('resumes at the recorded step when there is a result for each step before it', () => {
      const start = chainStart(doc({ step: 1, results: ['a'] }), 3);
      expect(start).to.deep.equal({ step: 1, results: ['a'] });
      expect(chainStart(doc({ step: 2, results: ['a', null] }), 3)).to.deep.equal({ step: 2, results: ['a', null] });
    });

    it('gives a copy of the results, not the document\'s own list', () => {
      const results = ['a'];
      chainStart(doc({ step: 1, results }), 3).results.push('b');
      expect(results).to.deep.equal(['a']);
    });

    it('starts afresh after a chain that ended done (a result for every step), and on fields it cannot use', () => {
      for (const fields of [
        { step: 2, results: ['a', 'b', 'c'] }, { results: ['a'] }, { step: 1 }, { step: 1, results: [] }, { step: 3, results: ['a', 'b', 'c'] },
        { step: -1, results: [] }, { step: 1.5, results: ['a'] }, { step: '1', results: ['a'] }, { step: 1, results: 'a' },
      ] as Array<Partial<TaskDoc>>) {
        expect(chainStart(doc(fields), 3), JSON.stringify(fields)).to.deep.equal({ step: 0, results: [] });
      }
    });
  });

  describe('currentStep', () => {
    it('is the step `step` names', () => {
      expect(currentStep(doc({ step: 1 }))).to.equal(steps[1]);
      expect(currentStep(doc({ step: 0 }))).to.equal(steps[0]);
    });

    it('is null for a single job, without a step, or past the steps', () => {
      expect(currentStep(doc({ job: 'a', step: 0 }))).to.equal(null);
      expect(currentStep(doc({}))).to.equal(null);
      expect(currentStep(doc({ step: 3 }))).to.equal(null);
      expect(currentStep(doc({ step: -1 }))).to.equal(null);
    });
  });
});
