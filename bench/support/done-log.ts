// Sees tasks become `done` through the workers' own log lines: a worker logs
// `<ISO time> [<name>] task <id> (<job>) done in <n> ms` right after the database acknowledged
// the task's `done` write, so the line's time is when that write landed.
//
// Not the database's `_changes` or `by_worker_status` on purpose: on the embedded server a
// reader competes with the view indexing the worker's lease sweep sets off, and during a
// 20,000-task run such a reader saw the last `done` minutes after the worker had written it.
import { LogTail } from './log-tail';

const DONE = /^(\S+) \[[^\]]*\] task (\S+) \(.*\) done in \d+ ms/;
const POLL_MS = 50;
/**
 * Once tasks are being done, this long without another one means the rest are stuck. Long:
 * a worker's page query can wait on the embedded server's view indexing for tens of seconds.
 */
const STALL_MS = 120_000;

export class DoneLog {
  private readonly tails: LogTail[];
  private readonly done = new Set<string>();
  private lastDoneMs = 0;

  constructor(logFiles: readonly string[], private readonly expected: number) {
    this.tails = logFiles.map((file) => new LogTail(file));
  }

  /** The tasks seen done so far. */
  get doneIds(): ReadonlySet<string> {
    return this.done;
  }

  /**
   * Resolves with the time (epoch ms) of the last expected task's `done` line. Rejects after
   * `timeoutMs`, or as soon as `problem()` returns a message (a worker process died).
   */
  async waitForAll(timeoutMs: number, problem: () => string | null): Promise<number> {
    const startMs = Date.now();
    const deadline = startMs + timeoutMs;
    for (;;) {
      this.read();
      if (this.done.size >= this.expected) return this.lastDoneMs;
      const message = problem();
      if (message !== null) throw new Error(`${this.done.size} of ${this.expected} tasks done when ${message}`);
      const now = Date.now();
      const stalled = this.lastDoneMs > 0 && now - this.lastDoneMs > STALL_MS;
      if (stalled || now > deadline) {
        const last = this.lastDoneMs > 0 ? `, the last ${((this.lastDoneMs - startMs) / 1000).toFixed(1)} s after the wait began` : '';
        throw new Error(`only ${this.done.size} of ${this.expected} tasks were done after ${Math.round((now - startMs) / 1000)} s${last}` +
          (stalled ? `, none in the last ${STALL_MS / 1000} s` : ''));
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private read(): void {
    for (const tail of this.tails) {
      for (const line of tail.newLines()) {
        const match = DONE.exec(line);
        if (!match) continue;
        this.done.add(match[2]);
        this.lastDoneMs = Math.max(this.lastDoneMs, Date.parse(match[1]));
      }
    }
  }
}
