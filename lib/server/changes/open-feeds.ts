// The live `_changes` feeds being served: counted (CouchDB's clients_requesting_changes),
// and ended all at once when the server closes.
export class OpenFeeds {
  private readonly stops = new Set<() => void>();

  get count(): number {
    return this.stops.size;
  }

  /** Registers a feed's stop function; returns the function that unregisters it. */
  add(stop: () => void): () => void {
    this.stops.add(stop);
    return () => {
      this.stops.delete(stop);
    };
  }

  stopAll(): void {
    for (const stop of [...this.stops]) stop();
  }
}
