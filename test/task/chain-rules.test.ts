// The task rules for a chain: `job` as a list of steps (lib/task/rules-job.ts).
import { expect } from 'chai';
import { checkTask } from '../../lib/task/rules';

const STEP_ACCEPTED = 'an object with a job name, such as {"name": "resize", "arguments": [...], "retry": {"limit": 3}}';

function chain(job: unknown, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { worker: 'billing', date: '2013-01-12T10:00:00Z', job, ...fields };
}

describe('checkTask: chains', () => {
  it('accepts steps with a name, any arguments and their own retry', () => {
    for (const job of [
      [{ name: 'fetch' }],
      [{ name: 'fetch', arguments: ['https://example.com'] }, { name: 'resize', arguments: { width: 100 } }, { name: 'upload', retry: { limit: 3 } }],
      [{ name: 'a', retry: { limit: 0, interval: 'PT1S', backoff: 'exponential', max: { m: 1 } } }, { name: 'a' }],
      Array.from({ length: 100 }, () => ({ name: 'a' })),
    ]) {
      expect(checkTask(chain(job)), JSON.stringify(job)).to.equal(null);
    }
  });

  it('accepts a chain with the task\'s own retry, repeat and limits', () => {
    expect(checkTask(chain([{ name: 'a' }, { name: 'b' }], { retry: { limit: 2 }, repeat: { days: 1 }, max_fails: 3, timeout: 1000 }))).to.equal(null);
  });

  it('refuses a chain without steps, or with too many', () => {
    expect(checkTask(chain([]))).to.equal('job [] has no steps; use at least one, as in ' +
      '[{"name": "fetch", "arguments": [...]}, {"name": "upload", "retry": {"limit": 3}}]');
    expect(checkTask(chain(Array.from({ length: 101 }, () => ({ name: 'a' }))))).to.equal('job has 101 steps; use at most 100');
  });

  it('refuses a step that is not an object, naming its index', () => {
    expect(checkTask(chain([{ name: 'a' }, 'resize']))).to.equal(`job[1] 'resize' is not a step; use ${STEP_ACCEPTED}`);
    expect(checkTask(chain([null]))).to.equal(`job[0] null is not a step; use ${STEP_ACCEPTED}`);
    expect(checkTask(chain([{ name: 'a' }, { name: 'b' }, [{ name: 'c' }]]))).to.equal(`job[2] [{"name":"c"}] is not a step; use ${STEP_ACCEPTED}`);
  });

  it('refuses a step without a string name, naming its index', () => {
    expect(checkTask(chain([{ name: 'a' }, { arguments: [1] }]))).to.equal(`job[1] {"arguments":[1]} has no name; use ${STEP_ACCEPTED}`);
    expect(checkTask(chain([{ name: 7 }]))).to.equal('job[0].name 7 is not a job name; use a non-empty string such as "generate_billing"');
    expect(checkTask(chain([{ name: 'a' }, { name: '' }]))).to.equal("job[1].name '' is not a job name; use a non-empty string such as \"generate_billing\"");
    expect(checkTask(chain([{ name: 'n'.repeat(201) }]))).to.equal(`job[0].name '${'n'.repeat(56)}... is 201 characters long; use at most 200`);
  });

  it('refuses a step with an unknown key (a typo would be lost)', () => {
    expect(checkTask(chain([{ name: 'a', argument: [1] }]))).to.equal(
      'job[0] {"name":"a","argument":[1]} has unknown key \'argument\'; use name, arguments and retry');
  });

  it('refuses a step\'s retry with the task retry\'s message, under the step\'s name', () => {
    expect(checkTask(chain([{ name: 'a' }, { name: 'b', retry: { limit: -1 } }]))).to.equal(
      "job[1].retry.limit -1 is not a number of retries; use a whole number >= 0");
    expect(checkTask(chain([{ name: 'a', retry: 3 }]))).to.match(/^job\[0\]\.retry 3 is not a retry policy; use an object such as /);
    expect(checkTask(chain([{ name: 'a', retry: { limit: 1, interval: 'soon' } }]))).to.match(/^job\[0\]\.retry\.interval 'soon' is not an ISO 8601 duration/);
    expect(checkTask(chain([{ name: 'a', retry: { limit: 1, backoff: 'linear' } }]))).to.equal(
      'job[0].retry.backoff \'linear\' is not a backoff; use "fixed" or "exponential"');
  });

  it('names the first faulty step', () => {
    expect(checkTask(chain([{ name: 'a' }, { name: '' }, 'c']))).to.match(/^job\[1\]\.name/);
  });
});
