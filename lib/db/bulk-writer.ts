// Every status write a process makes goes through here: documents are coalesced into
// `_bulk_docs` requests of up to MAX_BATCH documents, so a burst of N updates costs a few
// requests instead of N (single-document writes are ~20 times slower on both backends).
//
// Two requests may be in the air at once, so that the server has the next batch while the
// worker handles the answers to the last one (docs/ARCHITECTURE.md, "The bulk writer and the
// batch reader", has the measurements). A document is in one request at a time, so its
// writes land in the order they were made.
import type { TasksDatabase } from './connection';
import { classifyDatabaseError, DatabaseUnavailableError } from './errors';
import type { DatabaseHealth } from './health';
import { OutageReporter, RetryPauses } from './retry';

/** Documents per request by default. CouchDB handles thousands; 1,000 keeps a request under ~1 MB of tasks. */
export const MAX_BATCH = 1000;

/** The answer for one document of a batch. */
export type WriteResult =
  | { ok: true; rev: string }
  /** Someone else wrote the document since the `_rev` we hold: re-read and decide again. */
  | { ok: false; conflict: true }
  /** The database refused this document (validation, rights): `reason` says why. */
  | { ok: false; conflict: false; reason: string };

export interface BulkWriterOptions {
  /** Documents per request. Default MAX_BATCH. */
  maxBatch?: number;
  /** How long a write waits for others to join its batch, unless it says otherwise (see write). Short: it is added to every write's latency. */
  lingerMs?: number;
  /** Requests in the air at once. Default 2. */
  maxInFlight?: number;
  log: (line: string) => void;
  /** Told of every failure to reach the database. */
  health?: DatabaseHealth;
  /** Told of every revision written, before its writer is answered. */
  onWritten?: (id: string, rev: string) => void;
}

/** Any document: a task, a process's heartbeat, a deletion. */
export interface WritableDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
}

interface PendingWrite {
  doc: WritableDoc;
  resolve: (result: WriteResult) => void;
  /** When its batch must be sent, at the latest (epoch ms). */
  sendByMs: number;
}

interface BulkDocsRow {
  id?: string;
  rev?: string;
  ok?: boolean;
  error?: string;
  reason?: string;
}

export class BulkWriter {
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private readonly outage: OutageReporter;
  private readonly health: DatabaseHealth | undefined;
  private readonly onWritten: BulkWriterOptions['onWritten'];
  private queue: PendingWrite[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** When the timer fires: the earliest sendByMs in the queue. */
  private timerAtMs = Infinity;
  /** Set by hurry: from then on every write goes at once. */
  private hurried = false;
  private readonly maxInFlight: number;
  private inFlight = 0;
  /** Documents in a request in the air: a second write of one waits until it is answered. */
  private readonly inFlightIds = new Set<string>();
  private readonly pauses = new RetryPauses();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly database: TasksDatabase, options: BulkWriterOptions) {
    this.maxBatch = options.maxBatch ?? MAX_BATCH;
    this.lingerMs = options.lingerMs ?? 2;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.outage = new OutageReporter(options.log);
    this.health = options.health;
    this.onWritten = options.onWritten;
  }

  /**
   * Queues `doc` (with the `_rev` it was read at) and resolves once the database answered for
   * it. `waitMs` is how long it may wait for others to join its batch (default lingerMs): a
   * write nobody waits on, such as a run's outcome, may wait longer, so that a steady flow of
   * them makes few requests: CouchDB spends more on a request than on a document in it
   * (docs/COUCHDB.md, "Requests, not documents").
   */
  write(doc: WritableDoc, waitMs = this.lingerMs): Promise<WriteResult> {
    return new Promise((resolve) => {
      const sendByMs = Date.now() + waitMs;
      this.queue.push({ doc, resolve, sendByMs });
      this.schedule(sendByMs);
    });
  }

  /** Documents queued or being written. */
  get pending(): number {
    return this.queue.length + this.inFlightIds.size;
  }

  /**
   * Resolves when nothing is queued or in the air, or after `maxWaitMs` (or when `signal`
   * aborts), whichever comes first.
   */
  async drain(maxWaitMs = Infinity, signal?: AbortSignal): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== wake);
        resolve();
      };
      const timer = Number.isFinite(maxWaitMs) ? setTimeout(wake, maxWaitMs) : undefined;
      signal?.addEventListener('abort', wake, { once: true });
      this.idleWaiters.push(wake);
    });
  }

  /**
   * A stop is under way: queued writes go now, and writes waiting out a backoff are tried
   * again at once, and then often (see RetryPauses).
   */
  hurry(): void {
    this.pauses.hurry();
    this.hurried = true;
    this.sendNow();
  }

  /** Sends at once when a batch is full (or after hurry), else by `earliestMs`, the earliest sendByMs queued since the timer was last armed. */
  private schedule(earliestMs: number): void {
    if (this.inFlight >= this.maxInFlight) return; // a send that ends picks the queue up
    if (this.queue.length >= this.maxBatch || this.hurried) {
      this.sendNow();
      return;
    }
    if (earliestMs < this.timerAtMs) this.armTimer(earliestMs);
  }

  private armTimer(atMs: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAtMs = atMs;
    this.timer = setTimeout(() => this.sendNow(), Math.max(0, atMs - Date.now()));
  }

  private sendNow(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      this.timerAtMs = Infinity;
    }
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    const batch = this.takeBatch();
    if (batch.length === 0) return; // each queued write waits for one of the same document in the air
    this.inFlight += 1;
    for (const write of batch) this.inFlightIds.add(write.doc._id);
    void this.send(batch).finally(() => {
      this.inFlight -= 1;
      for (const write of batch) this.inFlightIds.delete(write.doc._id);
      if (this.queue.length > 0) {
        this.schedule(this.queue.reduce((earliest, write) => Math.min(earliest, write.sendByMs), Infinity));
      } else if (this.inFlight === 0) {
        for (const wake of this.idleWaiters.splice(0)) wake();
      }
    });
  }

  /** Up to maxBatch writes, one per document id: a second write of a document waits for the next batch. */
  private takeBatch(): PendingWrite[] {
    const batch: PendingWrite[] = [];
    const ids = new Set<string>();
    const later: PendingWrite[] = [];
    for (const write of this.queue) {
      if (batch.length < this.maxBatch && !ids.has(write.doc._id) && !this.inFlightIds.has(write.doc._id)) {
        ids.add(write.doc._id);
        batch.push(write);
      } else {
        later.push(write);
      }
    }
    this.queue = later;
    return batch;
  }

  /** Sends one batch, retrying while the database is away: an outcome is never dropped. */
  private async send(batch: PendingWrite[]): Promise<void> {
    for (let failures = 0; ; failures += 1) {
      try {
        const rows = (await this.database.db.bulk({ docs: batch.map((w) => w.doc) })) as BulkDocsRow[];
        this.outage.recovered('writes go through again');
        // Matched by id, not position: each id is in a batch once (takeBatch), and a server
        // that reorders its answer (PouchDB does, with conflicts) cannot misattribute a result.
        const rowById = new Map(rows.map((row) => [row.id, row]));
        for (const write of batch) {
          const result = resultOf(rowById.get(write.doc._id));
          if (result.ok) this.onWritten?.(write.doc._id, result.rev);
          write.resolve(result);
        }
        return;
      } catch (err) {
        const problem = classifyDatabaseError(err, this.database.where);
        if (!(problem instanceof DatabaseUnavailableError)) {
          if (batch.length > 1) {
            // The whole request refused (CouchDB refuses a batch with one document over its size
            // limit with 413) says nothing of the others: halves go apart until the refused are alone.
            const half = Math.ceil(batch.length / 2);
            await this.send(batch.slice(0, half));
            await this.send(batch.slice(half));
            return;
          }
          batch[0].resolve({ ok: false, conflict: false, reason: problem.message });
          return;
        }
        this.health?.failed();
        this.outage.failed(`cannot write ${batch.length} task update(s): ${problem.message}`);
        await this.pauses.wait(failures + 1);
      }
    }
  }
}

function resultOf(row: BulkDocsRow | undefined): WriteResult {
  if (row && row.ok !== false && !row.error && row.rev) return { ok: true, rev: row.rev };
  if (row?.error === 'conflict') return { ok: false, conflict: true };
  return { ok: false, conflict: false, reason: row ? `${row.error}: ${row.reason ?? ''}`.trim() : 'no answer for this document' };
}
