// The revisions this process wrote, until its feed has shown them: a feed row whose one leaf
// is our own write says nothing new, and is skipped without reading the document.
import { revGeneration } from './revision';

/**
 * At most this many documents are remembered. An entry is removed when a row shows it or a
 * later revision, so only a write the feed showed before its answer came back can linger;
 * forgetting one costs one needless read.
 */
const MAX_REMEMBERED = 50_000;

export class OwnRevisions {
  private readonly lastWritten = new Map<string, string>();

  /** This process wrote `rev` of `id`. */
  written(id: string, rev: string): void {
    this.lastWritten.delete(id); // moved to the end: the oldest entries go first
    this.lastWritten.set(id, rev);
    if (this.lastWritten.size > MAX_REMEMBERED) {
      const oldest = this.lastWritten.keys().next().value as string;
      this.lastWritten.delete(oldest);
    }
  }

  /**
   * Whether a row listing `revs` (the document's leaf revisions) shows only our last write of
   * `id`. An entry the row shows to be past (our revision or a later one) is forgotten.
   */
  shownBy(id: string, revs: readonly string[]): boolean {
    const own = this.lastWritten.get(id);
    if (own === undefined) return false;
    const ours = revs.length === 1 && revs[0] === own;
    if (ours || revs.some((rev) => revGeneration(rev) >= revGeneration(own))) this.lastWritten.delete(id);
    return ours;
  }

  get size(): number {
    return this.lastWritten.size;
  }
}
