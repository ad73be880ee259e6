// Follows log files as `tail -f` does: what is appended is written out, under a header when it
// comes from another file than the last; a file emptied by `after clean` is read from its start.
import fs from 'node:fs';

const POLL_MS = 250;

export interface FollowedFile {
  path: string;
  /** Where reading starts (the end of what was already printed). */
  from: number;
}

export type Write = (text: string) => void;

export function logHeader(file: string): string {
  return `==> ${file} <==\n`;
}

/** Starts following; the returned function stops it. `lastPrinted`: the file whose lines were printed last. */
export function followFiles(files: FollowedFile[], write: Write, lastPrinted: string | null): () => void {
  const offsets = new Map(files.map((file) => [file.path, file.from]));
  let current = lastPrinted;
  const poll = (): void => {
    for (const [file, offset] of offsets) {
      let size: number;
      try {
        size = fs.statSync(file).size;
      } catch {
        continue;
      }
      const from = size < offset ? 0 : offset;
      if (size === from) {
        offsets.set(file, from);
        continue;
      }
      const text = readRange(file, from, size);
      offsets.set(file, size);
      if (current !== file) {
        write(logHeader(file));
        current = file;
      }
      write(text);
    }
  };
  const timer = setInterval(poll, POLL_MS);
  return () => clearInterval(timer);
}

function readRange(file: string, from: number, to: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(to - from);
    const read = fs.readSync(fd, buffer, 0, buffer.length, from);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
