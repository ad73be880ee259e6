// Reads what a process appended to its log file since the last look, line by line, so that
// watching a busy worker's log costs the bench only the new bytes.
import fs from 'node:fs';

export class LogTail {
  private offset = 0;
  private partial = '';

  constructor(private readonly file: string) {}

  /** The complete lines appended since the previous call. */
  newLines(): string[] {
    let size: number;
    try {
      size = fs.statSync(this.file).size;
    } catch {
      return [];
    }
    if (size <= this.offset) return [];
    const buffer = Buffer.alloc(size - this.offset);
    const fd = fs.openSync(this.file, 'r');
    try {
      fs.readSync(fd, buffer, 0, buffer.length, this.offset);
    } finally {
      fs.closeSync(fd);
    }
    this.offset = size;
    const lines = (this.partial + buffer.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    return lines;
  }

  /** The last `bytes` of the file, for error messages. */
  static tail(file: string, bytes = 4000): string {
    try {
      const text = fs.readFileSync(file, 'utf8');
      return text.length > bytes ? `…${text.slice(-bytes)}` : text;
    } catch {
      return '(no log)';
    }
  }
}
