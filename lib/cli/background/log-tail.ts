// The last lines of a log file, read from its end: logs grow to many megabytes.
import fs from 'node:fs';

const CHUNK_BYTES = 64 * 1024;

export interface LogTail {
  lines: string[];
  /** The size read up to: following the file starts here. */
  end: number;
}

export function lastLines(file: string, count: number): LogTail {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], end: 0 };
    throw err;
  }
  try {
    const end = fs.fstatSync(fd).size;
    const chunks: Buffer[] = [];
    let start = end;
    let newlines = 0;
    // count + 1 newlines: the file's last line normally ends with one.
    while (start > 0 && newlines <= count) {
      const length = Math.min(CHUNK_BYTES, start);
      start -= length;
      const chunk = Buffer.alloc(length);
      fs.readSync(fd, chunk, 0, length, start);
      chunks.unshift(chunk);
      for (const byte of chunk) if (byte === 0x0a) newlines += 1;
    }
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return { lines: count === 0 ? [] : lines.slice(-count), end };
  } finally {
    fs.closeSync(fd);
  }
}
