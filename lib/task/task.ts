// A task document read once (docs/ARCHITECTURE.md, "The task document and its lifecycle"):
// the rules read every part of it in one pass (readTask in rules-task.ts), and the worker's
// decisions ask this value instead of parsing the document again. Pure.
import { TaskDate } from './date';
import { TaskError } from './errors';
import { limitsOf, type Limits } from './limits';
import { readDate, readTaskFields, type DateReading, type RepeatAmounts, type TaskReading } from './rules';
import { scheduleOf, type Schedule } from './schedule';
import type { TaskDoc, TaskStatus } from './types';

/**
 * A task document and what the rules read of it. The document is read at the first question
 * and never again; a question that needs no reading (`schedule` of a task that does not
 * repeat) reads nothing. Reading never throws: a document that breaks a rule is a Task whose
 * `problem` says which, and each part asked for that cannot be read throws TaskError with the
 * rules' message for it, as parsing that part alone would. The document is not to be changed
 * once a Task holds it.
 */
export class Task {
  private reading: TaskReading | undefined;
  /** The first date of the grid as the rules read it, when the task repeats. */
  private start: GridStart | null | undefined;
  private built: Schedule | null | undefined;

  constructor(readonly doc: TaskDoc) {}

  /** What checkTask says of the document: the first rule it breaks, or null when it is a well-formed task. */
  get problem(): string | null {
    return this.read().problem;
  }

  /** `status`, or `waiting` when it has none. */
  get status(): TaskStatus {
    return this.doc.status ?? 'waiting';
  }

  /** The task's `date`. Throws TaskError with checkTask's message when it is no date. */
  get date(): TaskDate {
    return TaskDate.of(this.doc.date, this.read().date);
  }

  /** Its limits, the defaults filled in. Throws TaskError with `problem` for a document checkTask refuses. */
  get limits(): Limits {
    if (this.problem !== null) throw new TaskError(this.problem);
    return limitsOf(this.doc, this.read().retry);
  }

  /**
   * The first date of a repeating task's grid as written: `repeat_from`, which the worker
   * writes, unless it holds what is no date (any field may hold anything): then `date`.
   * Undefined for a task that does not repeat.
   */
  get gridStart(): string | number | undefined {
    return this.gridStartRead()?.written;
  }

  /**
   * When it runs next: null for a task that does not repeat. Throws TaskError, with the rules'
   * message, for a repeat they refuse, then for a first date they refuse.
   */
  get schedule(): Schedule | null {
    if (this.built === undefined) {
      if (this.doc.repeat === undefined) return (this.built = null);
      const { repeatProblem, repeat } = this.read();
      if (repeatProblem !== null) throw new TaskError(repeatProblem);
      const start = this.gridStartRead() as GridStart;
      this.built = scheduleOf(repeat as RepeatAmounts, TaskDate.of(start.written, start.date));
    }
    return this.built;
  }

  private read(): TaskReading {
    if (this.reading === undefined) this.reading = readTaskFields(this.doc);
    return this.reading;
  }

  private gridStartRead(): GridStart | null {
    if (this.start === undefined) this.start = this.doc.repeat === undefined ? null : gridStart(this.doc, this.read().date);
    return this.start;
  }
}

/** Reads a task document once (see Task). */
export function readTask(doc: TaskDoc): Task {
  return new Task(doc);
}

interface GridStart {
  written: string | number;
  date: DateReading;
}

function gridStart(doc: TaskDoc, date: DateReading): GridStart {
  const from: unknown = doc.repeat_from;
  if (typeof from === 'string' || typeof from === 'number') {
    const reading = readDate(from);
    if (reading.problem === null) return { written: from, date: reading };
  }
  return { written: doc.date, date };
}
