// What the worker hands a job, and what it gets back (docs/ARCHITECTURE.md, "Jobs").

/** One run of one job, as the worker asks for it. */
export interface JobInput {
  /** The task document's `_id`. */
  id: string;
  /** The task's `date`, as written in the document. */
  date: string | number;
  /** The job name; only ever looked up among the names loaded from the jobs folder. */
  name: string;
  /** `job.arguments` from the document: any JSON, or undefined when absent. */
  arguments: unknown;
  /** The whole task document; for a chain's step, with the chain's `step`, `results` and `previous`. */
  doc: Readonly<Record<string, unknown>>;
  /** A chain's step after the first: the result of the step before it. */
  previous?: unknown;
  /** Aborting it ends the run as an error (a module job is told; an executable is killed). */
  signal: AbortSignal;
}

/** How a run ended. Runners never reject: every failure is an `error` outcome. */
export type JobOutcome =
  | { kind: 'done'; result: unknown }
  | { kind: 'error'; message: string; detail?: Record<string, unknown> }
  /** An executable printed `SCHED_LATER <seconds>`: run the task again that much later. */
  | { kind: 'later'; seconds: number };
