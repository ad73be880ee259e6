// Follows `_changes` for one worker: longpoll requests for the thin feed (ids and leaf
// revisions, no documents, no filter), read in pages, each page handled before the checkpoint
// moves past it (a replay after a reconnect is harmless: handling a row twice decides the same
// thing). The worker reads only the documents it must see (lib/worker/feed-rows.ts): a
// filtered feed opens every changed document for every process, several times what a thin
// row costs CouchDB (docs/COUCHDB.md, "The thin feed").
// Seq values are opaque (numbers on PouchDB, strings on CouchDB 3): stored and sent back as-is.
import type { TasksDatabase } from './connection';
import { classifyDatabaseError, DatabaseUnavailableError } from './errors';
import type { DatabaseHealth } from './health';
import { backoffDelay, OutageReporter, sleep } from './retry';
import { requestChanges, type ChangesPage, type ChangesRow, type Seq } from './changes-request';


export interface ChangesFeedOptions {
  since: Seq;
  /** Called with each page's rows; the feed waits for it before asking for more. */
  onBatch: (rows: ChangesRow[]) => Promise<void>;
  log: (line: string) => void;
  /** Changes per request. Default FEED_PAGE. */
  batchLimit?: number;
  /** How long an idle longpoll waits on the server before returning empty. */
  longpollTimeoutMs?: number;
  /** Told of every failure to reach the database. */
  health?: DatabaseHealth;
  /**
   * Awaited before each request: the worker lets its own writes in the air land first (at
   * most a second), so that the feed reads a task's claim and outcome as one change.
   */
  beforeRequest?: () => Promise<void>;
}

/** Changes per request, unless told otherwise. */
export const FEED_PAGE = 5000;

export class ChangesFeed {
  private since: Seq;
  private atEnd = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private readonly outage: OutageReporter;

  constructor(private readonly database: TasksDatabase, private readonly options: ChangesFeedOptions) {
    this.since = options.since;
    this.outage = new OutageReporter(options.log);
  }

  /** The last seq whose changes were all handled. */
  get checkpoint(): Seq {
    return this.since;
  }

  /**
   * Whether changes are waiting to be read: no page yet, or the last one was full. Otherwise
   * the feed is at most one wait before a request (see beforeRequest) behind the database.
   */
  get behind(): boolean {
    return !this.atEnd;
  }

  start(): void {
    this.loop ??= this.follow();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async follow(): Promise<void> {
    const signal = this.abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      let page: ChangesPage;
      await this.options.beforeRequest?.();
      if (signal.aborted) return;
      try {
        page = await this.request(signal);
      } catch (err) {
        if (signal.aborted) return;
        const problem = classifyDatabaseError(err, this.database.where);
        failures += 1;
        if (problem instanceof DatabaseUnavailableError) {
          this.options.health?.failed();
          this.outage.failed(`changes feed lost: ${problem.message}`);
        } else {
          this.options.log(`changes feed refused: ${problem.message}`);
        }
        await sleep(backoffDelay(failures), signal);
        continue;
      }
      failures = 0;
      this.outage.recovered('following changes again');
      if (page.results.length > 0) await this.options.onBatch(page.results);
      this.since = page.last_seq;
      this.atEnd = page.results.length < this.pageSize;
    }
  }

  private get pageSize(): number {
    return this.options.batchLimit ?? FEED_PAGE;
  }

  private request(signal: AbortSignal): Promise<ChangesPage> {
    return requestChanges(this.database, {
      qs: {
        feed: 'longpoll',
        since: this.since,
        timeout: this.options.longpollTimeoutMs ?? 25_000,
        // Every leaf revision, so that a row tells a document with siblings apart.
        style: 'all_docs',
        limit: this.pageSize,
        // Only `last_seq` is used: CouchDB then encodes a row's seq (every shard's position)
        // once a page instead of once a row: half of a thin feed's cost (docs/COUCHDB.md).
        // The embedded server ignores it.
        seq_interval: this.pageSize,
      },
      body: {},
      signal,
    });
  }
}
