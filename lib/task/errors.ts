/** A task document that breaks a rule of DESIGN.md §2; its message is the one checkTask gives. */
export class TaskError extends Error {
  override name = 'TaskError';
}
