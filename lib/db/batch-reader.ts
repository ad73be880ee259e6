// Reads tasks again (after a conflict, to check a claim, when a lease ends) with one
// request per batch instead of one GET per task: when several processes race for the same
// tasks, the losers re-read hundreds of documents at once.
//
// With one copy of each document (a single CouchDB node, the embedded server) that request
// is `_all_docs` with the keys. With several (a cluster), it is `_bulk_get` with `r` equal to
// the number of copies: every leaf revision any reachable copy holds, merged. `_all_docs`
// reads a quorum (2 of 3) and can miss a sibling that so far reached one copy.
//
// A reader made `latest` reads with `_bulk_get` as the database answers it by default: the
// winning revision (CouchDB adds the other leaves; the embedded server does not). On CouchDB
// it costs far less than `_all_docs` with keys (docs/COUCHDB.md, "Where the database's work
// per task goes"). The worker reads so the
// documents its thin feed showed with one leaf revision, which have no siblings to miss.
import type { TasksDatabase } from './connection';
import { classifyDatabaseError, DatabaseUnavailableError } from './errors';
import type { DatabaseHealth } from './health';
import { RetryPauses } from './retry';
import { winningLeaf } from './winning-leaf';
import type { TaskDoc } from '../task/types';

/** A task as read now (its winning revision), and the other live leaves CouchDB keeps when two writes both landed. */
export interface ReadTask {
  doc: TaskDoc;
  /** The revisions of the other live leaves. */
  conflicts: string[];
  /** Their bodies, when the read brought them (a read of every copy does). */
  siblings?: TaskDoc[];
}

type Found = Map<string, ReadTask | null>;

interface AllDocsRow {
  key: string;
  doc?: (TaskDoc & { _conflicts?: string[] }) | null;
  error?: string;
  value?: { deleted?: boolean };
}

interface BulkGetResult {
  id: string;
  docs: Array<{ ok?: TaskDoc; error?: unknown }>;
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
  /** Copies of each document the database keeps (see replicas.ts). Default 1. */
  replicas?: number;
  /** Read the winning revision the cheap way (see above), whatever `replicas`. */
  latest?: boolean;
}

export class BatchReader {
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private waiting = new Map<string, Waiter[]>();
  private timer: NodeJS.Timeout | null = null;
  private readonly health: DatabaseHealth | undefined;
  /** How a batch is read, chosen once from the options (see the file's comment). */
  private readonly readBatch: (keys: string[]) => Promise<Found>;
  private readonly pauses = new RetryPauses();

  constructor(private readonly database: TasksDatabase, options: BatchReaderOptions = {}) {
    this.health = options.health;
    const replicas = options.replicas ?? 1;
    if (options.latest === true) this.readBatch = (keys) => this.readLeaves(keys, {});
    else if (replicas > 1) this.readBatch = (keys) => this.readLeaves(keys, { r: replicas });
    else this.readBatch = (keys) => this.readOneCopy(keys);
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

  /** A stop is under way: reads waiting out a backoff are tried again at once, and then often (see RetryPauses). */
  hurry(): void {
    this.pauses.hurry();
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
        const docs = await this.readBatch(keys);
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
        await this.pauses.wait(failures + 1);
      }
    }
  }

  private async readOneCopy(keys: string[]): Promise<Found> {
    const rows = (await this.database.server.request({
      db: this.database.name,
      path: '_all_docs',
      method: 'POST',
      qs: { include_docs: true, conflicts: true },
      body: { keys },
    }) as { rows: AllDocsRow[] }).rows;
    return new Map(rows.map((row) => [row.key, row.doc ? withConflictsApart(row.doc) : null]));
  }

  /** `_bulk_get`: with `r` equal to the copies, every leaf any copy holds; without, as the database answers by default. */
  private async readLeaves(keys: string[], qs: { r?: number }): Promise<Found> {
    const { results } = await this.database.server.request({
      db: this.database.name,
      path: '_bulk_get',
      method: 'POST',
      qs,
      body: { docs: keys.map((id) => ({ id })) },
    }) as { results: BulkGetResult[] };
    return new Map(results.map((result) => [result.id, fromLeaves(result.docs.flatMap((entry) => (entry.ok ? [entry.ok] : [])))]));
  }
}

/** The winning revision and the other live leaves; null when no leaf is live (deleted, or never written). */
function fromLeaves(leaves: TaskDoc[]): ReadTask | null {
  const winner = winningLeaf(leaves);
  if (!winner || winner._deleted) return null;
  const siblings = leaves.filter((leaf) => !leaf._deleted && leaf !== winner);
  return { doc: winner, conflicts: siblings.map((leaf) => leaf._rev as string), siblings };
}

/** A stored document without its `_conflicts`, and those apart. */
export function withConflictsApart(stored: TaskDoc & { _conflicts?: string[] }): ReadTask {
  const { _conflicts: conflicts = [], ...doc } = stored;
  return { doc: doc as TaskDoc, conflicts };
}
