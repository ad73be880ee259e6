// The live counts: the server's Server-Sent Events (`event: counts`, from the database's
// _changes). An `event: problem` is reported to onProblem, a stream the server refuses (a 401)
// to onClosed; both look at the session. One that drops is reopened by the browser itself.

export class LiveCounts {
  constructor(url, { onCounts, onState, onProblem, onClosed }) {
    this.url = url;
    this.handlers = { onCounts, onState, onProblem, onClosed };
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
      if (data && typeof data.counts === 'object' && data.counts !== null) {
        this.handlers.onState('on');
        this.handlers.onCounts(data.counts);
      }
    });
    // A problem (counts unreadable, or the session ended, which ends the stream): say it, and look
    // at the session. A stream that goes on sends counts again; one that ends is reopened or refused.
    source.addEventListener('problem', (event) => {
      if (source !== this.source) return;
      let reason = '';
      try {
        reason = String(JSON.parse(event.data).reason ?? '');
      } catch {
        // No reason given: the state says enough.
      }
      this.handlers.onState('problem', reason);
      this.handlers.onProblem();
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
