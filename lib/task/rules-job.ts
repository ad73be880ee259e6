// The job part of the task rules (rules.ts): `job` is a job name, a name with arguments, or a
// chain of steps, each an object with a name, its arguments and its own retry policy.
// Its source text is installed in CouchDB: ES5 only, and nothing outside its own body but
// the parts it receives (valueRules, durationRules).
import type { DurationRules, JobRules, ValueRules } from './rules-types';

export function jobRules(values: ValueRules, durations: DurationRules): JobRules {
  var hasOwn = values.hasOwn;
  var isPlainObject = values.isPlainObject;
  var quote = values.quote;
  var readRetry = durations.readRetry;
  var CHAIN_EXAMPLE = '[{"name": "fetch", "arguments": [...]}, {"name": "upload", "retry": {"limit": 3}}]';
  var JOB_ACCEPTED = 'a job name such as "generate_billing", {"name": "generate_billing", "arguments": [...]}, ' +
    'or a chain of steps such as ' + CHAIN_EXAMPLE;
  var STEP_ACCEPTED = 'an object with a job name, such as {"name": "resize", "arguments": [...], "retry": {"limit": 3}}';
  var STEP_KEYS = ['name', 'arguments', 'retry'];
  var MAX_JOB_NAME = 200;
  // Each finished step's result is kept in the document (`results`): a chain is a few steps.
  var MAX_STEPS = 100;

  function jobNameProblem(name: unknown, label: string): string | null {
    if (typeof name !== 'string' || name === '') {
      return label + ' ' + quote(name) + ' is not a job name; use a non-empty string such as "generate_billing"';
    }
    if (name.length > MAX_JOB_NAME) {
      return label + ' ' + quote(name) + ' is ' + name.length + ' characters long; use at most ' + MAX_JOB_NAME;
    }
    return null;
  }

  // Step `index` of a chain; `label` is `job[index]`.
  function stepProblem(step: unknown, label: string): string | null {
    if (!isPlainObject(step)) return label + ' ' + quote(step) + ' is not a step; use ' + STEP_ACCEPTED;
    for (var key in step) {
      if (hasOwn(step, key) && STEP_KEYS.indexOf(key) === -1) {
        return label + ' ' + quote(step) + ' has unknown key ' + quote(key) + '; use name, arguments and retry';
      }
    }
    if (step.name === undefined) return label + ' ' + quote(step) + ' has no name; use ' + STEP_ACCEPTED;
    var name = jobNameProblem(step.name, label + '.name');
    if (name) return name;
    if (step.retry === undefined) return null;
    // readRetry's messages start with `retry`: they name the step's as `job[1].retry`.
    var retry = readRetry(step.retry).problem;
    return retry ? label + '.' + retry : null;
  }

  function chainProblem(steps: unknown[]): string | null {
    if (steps.length === 0) return 'job [] has no steps; use at least one, as in ' + CHAIN_EXAMPLE;
    if (steps.length > MAX_STEPS) return 'job has ' + steps.length + ' steps; use at most ' + MAX_STEPS;
    for (var i = 0; i < steps.length; i++) {
      var problem = stepProblem(steps[i], 'job[' + i + ']');
      if (problem) return problem;
    }
    return null;
  }

  function jobProblem(job: unknown): string | null {
    if (job === undefined) return 'job is required: ' + JOB_ACCEPTED;
    if (typeof job === 'string') return jobNameProblem(job, 'job');
    if (Array.isArray(job)) return chainProblem(job);
    if (!isPlainObject(job)) return 'job ' + quote(job) + ' is not ' + JOB_ACCEPTED;
    if (job.name === undefined) return 'job ' + quote(job) + ' has no name; use ' + JOB_ACCEPTED;
    return jobNameProblem(job.name, 'job name');
  }

  return { jobProblem: jobProblem };
}
