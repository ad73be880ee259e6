// A task document read once (docs/ARCHITECTURE.md, "The task document and its lifecycle"):
// the rules read every part of it in one pass (readTask in rules.ts), and the worker's
// decisions ask this value instead of parsing the document again. Pure.
import { TaskDate } from './date';
import { TaskError } from './errors';
import { limitsOf, type Limits } from './limits';
import { readDate, readTaskFields, type DateReading, type TaskReading } from './rules';
import { scheduleOf, type Schedule } from './schedule';
import type { TaskDoc, TaskStatus } from './types';

/**
 * A task document and what the rules read of it. Reading never throws: a document that
 * breaks a rule is a Task whose `problem` says which, and each part asked for that cannot be
 * read throws TaskError with the rules' message for it, as parsing that part alone would.
 */
export class Task {
  /** What checkTask says of the document: the first rule it breaks, or null when it is a well-formed task. */
  readonly problem: string | null;
  private readonly reading: TaskReading;
  /** The first date of the grid as the rules read it, when the task repeats. */
  private readonly start: { written: string | number; date: DateReading } | null;
  private built: Schedule | null | undefined;

  /** Reads `doc`: its date, repeat, retry and limits, and `repeat_from` when it repeats. */
  constructor(readonly doc: TaskDoc) {
    this.reading = readTaskFields(doc);
    this.problem = this.reading.problem;
    this.start = doc.repeat === undefined ? null : gridStart(doc, this.reading.date);
  }

  /** `status`, or `waiting` when it has none. */
  get status(): TaskStatus {
    return this.doc.status ?? 'waiting';
  }

  /** The task's `date`. Throws TaskError with checkTask's message when it is no date. */
  get date(): TaskDate {
    return TaskDate.of(this.doc.date, this.reading.date);
  }

  /** Its limits, the defaults filled in. Throws TaskError with `problem` for a document checkTask refuses. */
  get limits(): Limits {
    if (this.problem !== null) throw new TaskError(this.problem);
    return limitsOf(this.doc, this.reading.retry);
  }

  /**
   * The first date of a repeating task's grid as written: `repeat_from`, which the worker
   * writes, unless it holds what is no date (any field may hold anything): then `date`.
   * Undefined for a task that does not repeat.
   */
  get gridStart(): string | number | undefined {
    return this.start?.written;
  }

  /**
   * When it runs next: null for a task that does not repeat. Throws TaskError, with the rules'
   * message, for a repeat they refuse, then for a first date they refuse.
   */
  get schedule(): Schedule | null {
    if (this.built === undefined) {
      if (this.start === null) return (this.built = null);
      if (this.reading.repeatProblem !== null) throw new TaskError(this.reading.repeatProblem);
      this.built = scheduleOf(this.reading.repeat!, TaskDate.of(this.start.written, this.start.date));
    }
    return this.built;
  }
}

/** Reads a task document once (see Task). */
export function readTask(doc: TaskDoc): Task {
  return new Task(doc);
}

function gridStart(doc: TaskDoc, date: DateReading): { written: string | number; date: DateReading } {
  const from: unknown = doc.repeat_from;
  if (typeof from === 'string' || typeof from === 'number') {
    const reading = readDate(from);
    if (reading.problem === null) return { written: from, date: reading };
  }
  return { written: doc.date, date };
}
