// Reads tasks again (after a conflict, to check a claim, when a lease ends) with one
// `_all_docs` request per batch instead of one GET per task: when several processes race
// for the same tasks, the losers re-read hundreds of documents at once.
// Each document comes with `_conflicts`, which is how a claim is checked on a cluster.
import type { TasksDatabase } from './connection';
import { classifyDatabaseError, DatabaseUnavailableError } from './errors';
import type { DatabaseHealth } from './health';
import { backoffDelay, sleep } from './retry';
import type { TaskDoc } from '../task/types';

/** A task as read now, and the losing revisions CouchDB keeps when two writes both landed (on a cluster). */
export interface ReadTask {
  doc: TaskDoc;
  conflicts: string[];
}

interface AllDocsRow {
  key: string;
  doc?: (TaskDoc & { _conflicts?: string[] }) | null;
  error?: string;
  value?: { deleted?: boolean };
}

interface Waiter {
  resolve: (doc: ReadTask | null) => void;
  reject: (err: Error) => void;
}

export interface BatchReaderOptions {
  /** Ids per request. */
  maxBatch?: number;
  /** How long a read waits for others to join its batch. */
  lingerMs?: number;
  /** Told of every failure to reach the database. */
  health?: DatabaseHealth;
}

export class BatchReader {
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private waiting = new Map<string, Waiter[]>();
  private timer: NodeJS.Timeout | null = null;
  private readonly health: DatabaseHealth | undefined;

  constructor(private readonly database: TasksDatabase, options: BatchReaderOptions = {}) {
    this.health = options.health;
    this.maxBatch = options.maxBatch ?? 1000;
    this.lingerMs = options.lingerMs ?? 2;
  }

  /**
   * The latest revision of `id`, or null when it was deleted or never existed. Waits out an
   * unreachable database; rejects with DatabaseRefusedError when the database refuses.
   */
  read(id: string): Promise<ReadTask | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(id, [{ resolve, reject }]);
      if (this.waiting.size >= this.maxBatch) this.sendNow();
      else this.timer ??= setTimeout(() => this.sendNow(), this.lingerMs);
    });
  }

  private sendNow(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.waiting;
    this.waiting = new Map();
    if (batch.size > 0) void this.send(batch);
  }

  private async send(batch: Map<string, Waiter[]>): Promise<void> {
    const keys = [...batch.keys()];
    for (let failures = 0; ; failures += 1) {
      try {
        const rows = (await this.database.server.request({
          db: this.database.name,
          path: '_all_docs',
          method: 'POST',
          qs: { include_docs: true, conflicts: true },
          body: { keys },
        }) as { rows: AllDocsRow[] }).rows;
        const docs = new Map(rows.map((row) => [row.key, row.doc ? withConflictsApart(row.doc) : null]));
        for (const [id, waiters] of batch) for (const waiter of waiters) waiter.resolve(docs.get(id) ?? null);
        return;
      } catch (err) {
        const problem = classifyDatabaseError(err, this.database.where);
        if (!(problem instanceof DatabaseUnavailableError)) {
          // A refusal (rights, a bad request) does not pass by waiting.
          for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(problem);
          return;
        }
        this.health?.failed();
        await sleep(backoffDelay(failures + 1));
      }
    }
  }
}

function withConflictsApart(stored: TaskDoc & { _conflicts?: string[] }): ReadTask {
  const { _conflicts: conflicts = [], ...doc } = stored;
  return { doc: doc as TaskDoc, conflicts };
}
