// A task document read once (docs/ARCHITECTURE.md, "The task document and its lifecycle"):
// the rules read every part of it in one pass (readTask in rules-task.ts), and the worker's
// decisions ask this value instead of parsing the document again. Pure.
import { cronProblem } from './cron-schedule';
import { TaskDate } from './date';
import { TaskError } from './errors';
import { limitsOf, type Limits } from './limits';
import { isLocalDate, readDate, readTaskFields, type DateReading, type TaskReading } from './rules';
import { scheduleOf, Series } from './schedule';
import type { TaskDoc, TaskStatus } from './types';
import { Zone, zoneProblem } from './zone';

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
  private built: Series | null | undefined;
  private checked: string | null | undefined;

  constructor(readonly doc: TaskDoc) {}

  /**
   * What checkTask says of the document, then what the rules leave to the worker (a zone name
   * no zone has, a cron pattern croner refuses): the first rule it breaks, or null when it is a
   * well-formed task. The same message wherever it is said (lib/task/zone.ts, cron-schedule.ts).
   */
  get problem(): string | null {
    if (this.checked === undefined) {
      const reading = this.read();
      this.checked = reading.problem ??
        (reading.tz !== null ? zoneProblem(reading.tz) : null) ??
        (reading.repeat?.cron != null ? cronProblem(reading.repeat.cron) : null);
    }
    return this.checked;
  }

  /** The task's zone (`tz`), or null when it names none. Throws TaskError with `problem` for one no zone has. */
  get zone(): Zone | null {
    const tz = this.doc.tz;
    if (tz === undefined) return null;
    const problem = zoneProblem(tz);
    if (problem !== null) throw new TaskError(problem);
    return Zone.named(tz as string);
  }

  /** `status`, or `waiting` when it has none. */
  get status(): TaskStatus {
    return this.doc.status ?? 'waiting';
  }

  /**
   * The task's `date`; written without offset in a zone (`tz`), local time there. Throws
   * TaskError with checkTask's message when it is no date, or with `problem` for a zone that is none.
   */
  get date(): TaskDate {
    return this.dateOf(this.doc.date, this.read().date);
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
   * When it runs next, and where its series ends: null for a task that does not repeat. Throws
   * TaskError, with the rules' message, for a repeat they refuse, then for a zone, a first date
   * or an `until` they refuse.
   */
  get schedule(): Series | null {
    if (this.built === undefined) {
      if (this.doc.repeat === undefined) return (this.built = null);
      const { repeatProblem, repeat } = this.read();
      if (repeatProblem !== null) throw new TaskError(repeatProblem);
      const zone = this.zone;
      const start = this.gridStartRead() as GridStart;
      const anchor = this.dateOf(start.written, start.date).inZone(zone);
      const spec = repeat!;
      const untilMs = spec.until === null ? null : this.dateOf(spec.until, readDate(spec.until)).ms;
      this.built = new Series(scheduleOf(spec, anchor, zone), { untilMs, limit: spec.limit });
    }
    return this.built;
  }

  /** A date of this task as the rules read it; written without offset in a zone, local time there. */
  private dateOf(value: unknown, reading: DateReading): TaskDate {
    const date = TaskDate.of(value, reading);
    return isLocalDate(this.doc.tz, value) ? date.localIn(this.zone!) : date;
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
