// The live counts: the server's Server-Sent Events (`event: counts`, from the database's
// _changes). A stream the server refuses (401) or ends with `event: problem` is reported to
// onClosed, which checks the session; one that drops is reopened by the browser itself.

export class LiveCounts {
  constructor(url, { onCounts, onState, onClosed }) {
    this.url = url;
    this.handlers = { onCounts, onState, onClosed };
    this.source = null;
    this.retry = null;
  }

  start() {
    this.stop();
    const source = new EventSource(this.url);
    this.source = source;
    this.handlers.onState('connecting');
    source.addEventListener('open', () => this.handlers.onState('on'));
    source.addEventListener('counts', (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (data && typeof data.counts === 'object') this.handlers.onCounts(data.counts);
    });
    // The server ends the stream with a problem (counts unreadable, session ended): look at the session.
    source.addEventListener('problem', () => {
      if (source !== this.source) return;
      source.close();
      this.source = null;
      this.handlers.onState('off');
      this.handlers.onClosed();
    });
    source.addEventListener('error', () => {
      if (source !== this.source) return;
      if (source.readyState === EventSource.CLOSED) {
        this.handlers.onState('off');
        this.source = null;
        // Closed for good (not a 200 stream): a gone session, or a server that stopped.
        this.handlers.onClosed();
      } else {
        this.handlers.onState('connecting');
      }
    });
  }

  /** Opens the stream again after `ms` (unless stopped before). */
  startLater(ms) {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.start(), ms);
  }

  stop() {
    clearTimeout(this.retry);
    this.retry = null;
    this.source?.close();
    this.source = null;
    this.handlers.onState('off');
  }
}
