// The store port (store.ts) on CouchDB's HTTP API, built from this folder's parts: one
// batching writer, two batching readers (every leaf; the winner alone), the thin feed, the
// views, heartbeats, and one record of the database's health that every part reports to.
import { BatchReader, type ReadTask } from './batch-reader';
import { bootstrap } from './bootstrap';
import { BulkWriter, type WritableDoc, type WriteResult } from './bulk-writer';
import { ChangesFeed } from './changes-feed';
import type { TasksDatabase } from './connection';
import { DatabaseUnavailableError } from './errors';
import { expiredLeases } from './expired-leases';
import { expiredTasks, type ExpiryCutoffs } from './expired-tasks';
import { DatabaseHealth } from './health';
import { readHeartbeats, type HeartbeatDoc } from './heartbeats';
import { currentSeq, openTasks, type DateRange } from './open-tasks';
import { replicaCount } from './replicas';
import type { Seq } from './changes-request';
import type { FollowOptions, Following, PrepareOptions, ReadHow, StoreInfo, TaskStore } from './store';
import type { TaskDoc } from '../task/types';

export interface CouchStoreOptions {
  log: (line: string) => void;
}

export class CouchStore implements TaskStore {
  private readonly health = new DatabaseHealth();
  private readonly writer: BulkWriter;
  /** Every leaf: `_all_docs` on one copy, `_bulk_get` with `r` = n on several (set by prepare). */
  private leaves: BatchReader;
  /** The winning revision the cheap way (see BatchReader's `latest`). */
  private readonly winner: BatchReader;
  private readonly listeners: Array<(id: string, rev: string) => void> = [];

  constructor(private readonly database: TasksDatabase, private readonly options: CouchStoreOptions) {
    this.writer = new BulkWriter(database, {
      log: options.log, health: this.health, onWritten: (id, rev) => { for (const listener of this.listeners) listener(id, rev); },
    });
    this.leaves = new BatchReader(database, { health: this.health });
    this.winner = new BatchReader(database, { health: this.health, latest: true });
  }

  get where(): string {
    return this.database.where;
  }

  async prepare(options: PrepareOptions): Promise<StoreInfo> {
    await this.reporting(bootstrap(this.database, options));
    const replicas = await this.reporting(replicaCount(this.database));
    this.leaves = new BatchReader(this.database, { health: this.health, replicas });
    return { replicas };
  }

  currentSeq(): Promise<Seq> {
    return this.reporting(currentSeq(this.database));
  }

  async* openTasks(worker: string, range: DateRange): AsyncIterable<TaskDoc[]> {
    try {
      yield* openTasks(this.database, worker, range);
    } catch (err) {
      this.noteFailure(err);
      throw err;
    }
  }

  follow(options: FollowOptions): Following {
    const feed = new ChangesFeed(this.database, { ...options, log: this.options.log, health: this.health });
    feed.start();
    return feed;
  }

  write(doc: WritableDoc, waitMs?: number): Promise<WriteResult> {
    return this.writer.write(doc, waitMs);
  }

  read(id: string, how: ReadHow): Promise<ReadTask | null> {
    return (how === 'winner' ? this.winner : this.leaves).read(id);
  }

  expiredLeases(worker: string, nowMs: number): Promise<TaskDoc[]> {
    return this.reporting(expiredLeases(this.database, worker, nowMs));
  }

  expiredTasks(worker: string, cutoffs: ExpiryCutoffs): Promise<TaskDoc[]> {
    return this.reporting(expiredTasks(this.database, worker, cutoffs));
  }

  heartbeats(worker: string): Promise<HeartbeatDoc[]> {
    return this.reporting(readHeartbeats(this.database, worker));
  }

  onWritten(listener: (id: string, rev: string) => void): void {
    this.listeners.push(listener);
  }

  get lastFailureMs(): number {
    return this.health.lastFailureMs;
  }

  get pendingWrites(): number {
    return this.writer.pending;
  }

  drain(maxWaitMs?: number, signal?: AbortSignal): Promise<void> {
    return this.writer.drain(maxWaitMs, signal);
  }

  hurry(): void {
    this.writer.hurry();
    this.leaves.hurry();
    this.winner.hurry();
  }

  /** `request`, with a failure to reach the database noted (takeovers wait on it: see takeoverNotBefore). */
  private async reporting<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (err) {
      this.noteFailure(err);
      throw err;
    }
  }

  private noteFailure(err: unknown): void {
    if (err instanceof DatabaseUnavailableError) this.health.failed();
  }
}
