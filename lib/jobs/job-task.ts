// The `task` object a module job receives: the seed's EventEmitter, plus what the job needs to know.
import { EventEmitter } from 'node:events';
import type { JobInput } from './types';

/**
 * Emit 'done' (with an optional result) or 'error' (with an optional Error) to settle the run.
 * `Args`: the type of `job.arguments`, any JSON (unknown unless a job says what it expects).
 */
export class JobTask<Args = unknown> extends EventEmitter {
  readonly id: string;
  readonly date: string | number;
  /** `arguments` is the job's own copy: a job may change its contents without touching the document. */
  readonly job: { readonly name: string; readonly arguments: Args };
  readonly signal: AbortSignal;
  /** In a chain, the result of the step before (the job's own copy); undefined for a single job and a chain's first step. */
  readonly previous: unknown;
  private readonly sourceDoc: JobInput['doc'];
  private copiedDoc: Readonly<Record<string, unknown>> | undefined;

  constructor(input: JobInput) {
    super();
    this.id = input.id;
    this.date = input.date;
    this.job = Object.freeze({ name: input.name, arguments: structuredClone(input.arguments) as Args });
    this.signal = input.signal;
    this.previous = input.previous === undefined ? undefined : structuredClone(input.previous);
    this.sourceDoc = input.doc;
  }

  /**
   * A frozen deep copy of the task document, made when a job first asks for it: most jobs
   * never do, and the copy was a fifth of a worker's CPU time per run in a burst. The worker
   * never changes a document it handed to a job (it writes new ones), so a late copy is the same.
   */
  get doc(): Readonly<Record<string, unknown>> {
    this.copiedDoc ??= deepFreeze(structuredClone(this.sourceDoc));
    return this.copiedDoc;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
