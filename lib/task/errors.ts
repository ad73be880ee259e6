/** A task document that breaks a task rule (rules.ts); its message is the one checkTask gives. */
export class TaskError extends Error {
  override name = 'TaskError';
}
