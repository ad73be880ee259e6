/** A line-per-event logger: ISO time, the source, the message. Goes to stdout (pm2 keeps it). */
export type Log = (line: string) => void;

/** One line for an error of any kind. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Stdout written once per turn of the event loop: a burst's thousands of `done` lines are a few
 * writes instead of one system call each (stdout to a file or a pipe is synchronous). What is
 * left goes when the process exits, however it exits short of SIGKILL.
 */
export class TurnBufferedWriter {
  private pending: string[] = [];
  private scheduled = false;
  private exitHooked = false;

  constructor(private readonly out: (text: string) => void) {}

  write(text: string): void {
    this.pending.push(text);
    if (!this.exitHooked) {
      this.exitHooked = true;
      process.once('exit', () => this.flush());
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.out(text);
  }
}

const stdout = new TurnBufferedWriter((text) => process.stdout.write(text));

export function createLog(source: string, write: (text: string) => void = (text) => stdout.write(text)): Log {
  return (line) => write(`${new Date().toISOString()} ${source} ${line}\n`);
}
