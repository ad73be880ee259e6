// Keeps the last bytes of a child's output: the end is where markers and error lines are,
// and a chatty job must not grow the worker's memory without bound.

export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  /** True once bytes were dropped from the front. */
  truncated = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    // Compact only when well over the limit, so pushing stays cheap.
    if (this.size > this.maxBytes * 2) this.compact();
  }

  /** The kept bytes as UTF-8, never starting inside a multi-byte character. */
  text(): string {
    this.compact();
    const bytes = this.chunks.length === 1 ? this.chunks[0] : Buffer.alloc(0);
    let start = 0;
    // Skip UTF-8 continuation bytes (10xxxxxx) left at the front by a cut.
    if (this.truncated) while (start < bytes.length && start < 4 && (bytes[start] & 0xc0) === 0x80) start += 1;
    return bytes.subarray(start).toString('utf8');
  }

  private compact(): void {
    let all = Buffer.concat(this.chunks, this.size);
    if (all.length > this.maxBytes) {
      // A copy, so the dropped front can be freed.
      all = Buffer.from(all.subarray(all.length - this.maxBytes));
      this.truncated = true;
    }
    this.chunks = [all];
    this.size = all.length;
  }
}
