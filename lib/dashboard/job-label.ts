// A task's job as people read it, from whatever `job` holds (any JSON: the backend never
// trusts a document's shape). Written in ES5 (var, no arrows, no optional chaining): the
// dashboard's search view runs these same functions in the database's JavaScript engine
// (their source goes into ./design-doc.ts), so the page and the index read a job alike.

/** A job's name, a chain's step names joined by ` > ` (`?` for a step without one), or null for what is no job. */
export function jobLabel(job: unknown): string | null {
  if (typeof job === 'string') return job;
  if (Object.prototype.toString.call(job) === '[object Array]') {
    var steps = job as Array<{ name?: unknown } | null>;
    var names: string[] = [];
    for (var i = 0; i < steps.length; i++) {
      var step = steps[i];
      names.push(step !== null && typeof step === 'object' && typeof step.name === 'string' ? step.name : '?');
    }
    return names.join(' > ');
  }
  if (job !== null && typeof job === 'object' && typeof (job as { name?: unknown }).name === 'string') return (job as { name: string }).name;
  return null;
}

/** The job names a search by job finds the task under: its job's, or each of a chain's steps' (once each). */
export function jobNames(job: unknown): string[] {
  if (typeof job === 'string') return [job];
  var names: string[] = [];
  if (Object.prototype.toString.call(job) === '[object Array]') {
    var steps = job as Array<{ name?: unknown } | null>;
    for (var i = 0; i < steps.length; i++) {
      var step = steps[i];
      if (step !== null && typeof step === 'object' && typeof step.name === 'string' && names.indexOf(step.name) === -1) names.push(step.name);
    }
  } else if (job !== null && typeof job === 'object' && typeof (job as { name?: unknown }).name === 'string') {
    names.push((job as { name: string }).name);
  }
  return names;
}
