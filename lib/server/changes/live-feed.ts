// One PouchDB live changes feed tied to one HTTP response: cancelled, with its heartbeat and
// timeout timers, as soon as the response closes for any reason (client gone, feed done,
// server closing). Counted in OpenFeeds while it runs.
import type { Response } from 'express';
import type PouchDB from 'pouchdb';
import { coreChanges } from './core-methods';
import type { OpenFeeds } from './open-feeds';

export interface LiveFeedHandlers {
  change(change: PouchDB.Change): void;
  /** No change for `timeoutMs` (only when there is no heartbeat). */
  timeout(): void;
  heartbeat(): void;
  /** PouchDB ended the feed by itself (database closed or destroyed) or failed. */
  ended(error: PouchDB.PouchError | null): void;
}

export interface LiveFeedTiming {
  heartbeatMs: number | undefined;
  timeoutMs: number;
}

export class LiveFeed {
  private changes: PouchDB.Changes | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private timeoutTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly unregister: () => void;

  constructor(
    private readonly res: Response,
    openFeeds: OpenFeeds,
    private readonly timing: LiveFeedTiming,
    private readonly handlers: LiveFeedHandlers,
  ) {
    this.unregister = openFeeds.add(() => this.end());
    res.once('close', () => this.stop());
  }

  start(db: PouchDB.Database, options: PouchDB.ChangesOptions): void {
    // The client may have left while the feed was being prepared: 'close' has fired already.
    if (this.res.destroyed || !this.res.socket || this.res.socket.destroyed) this.stop();
    if (this.stopped) return;
    if (this.timing.heartbeatMs !== undefined) {
      this.heartbeatTimer = setInterval(() => this.handlers.heartbeat(), this.timing.heartbeatMs);
    }
    this.restartTimeout();
    const changes = coreChanges(db, { ...options, live: true, return_docs: false });
    this.changes = changes;
    changes.on('change', (change) => {
      if (this.stopped) return;
      this.restartTimeout();
      this.handlers.change(change);
    });
    changes.on('complete', () => {
      if (!this.stopped) this.handlers.ended(null);
    });
    changes.on('error', (error) => {
      if (!this.stopped) this.handlers.ended(error);
    });
  }

  /** Cancels the feed and its timers; idempotent. The response is left as it is. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    this.changes?.cancel();
    this.changes = null;
    this.unregister();
  }

  /** Stops and ends the response (server closing). */
  end(): void {
    this.stop();
    if (!this.res.writableEnded) this.res.end();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  private restartTimeout(): void {
    if (this.timing.heartbeatMs !== undefined) return;
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    this.timeoutTimer = setTimeout(() => {
      if (!this.stopped) this.handlers.timeout();
    }, this.timing.timeoutMs);
  }
}
