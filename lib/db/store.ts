// The store port: everything a worker asks of the tasks database, and nothing else.
// `CouchStore` (couch-store.ts) implements it on CouchDB's HTTP API; the worker's unit tests
// run it against an in-memory store that keeps CouchDB's revision semantics
// (test/support/memory-store.ts). See docs/ARCHITECTURE.md, "The store port".
import type { ReadTask } from './batch-reader';
import type { WritableDoc, WriteResult } from './bulk-writer';
import type { ChangesRow, Seq } from './changes-request';
import type { HeartbeatDoc } from './heartbeats';
import type { ExpiryCutoffs } from './expired-tasks';
import type { DateRange } from './open-tasks';
import type { TaskDoc } from '../task/types';

export type { ReadTask } from './batch-reader';
export type { WritableDoc, WriteResult } from './bulk-writer';
export type { ChangesRow, Seq } from './changes-request';
export type { ExpiryCutoffs } from './expired-tasks';
export type { DateRange } from './open-tasks';

export interface PrepareOptions {
  /** Install (true) or remove (false) the database's own refusal of invalid tasks; absent keeps it. */
  validateOnWrite?: boolean;
}

export interface StoreInfo {
  /** Copies of each document the database keeps: more than one, and two claims can both land (see claim.ts). */
  replicas: number;
}

export interface FollowOptions {
  /** The checkpoint to follow from (see currentSeq). */
  since: Seq;
  /** Each page of thin rows (an id and its leaf revisions); the next page waits for it. */
  onBatch: (rows: ChangesRow[]) => Promise<void>;
  /** Awaited before each request (see docs/ARCHITECTURE.md, "The thin feed"). */
  beforeRequest?: () => Promise<void>;
}

/** A feed being followed. */
export interface Following {
  /** Changes may be waiting to be read (no page yet, or the last one was full). */
  readonly behind: boolean;
  stop(): Promise<void>;
}

/**
 * How a task is read: `every-leaf` brings every live leaf any copy holds (a claim's read and
 * its confirmation, reads after a conflict); `winner` reads the winning revision the cheap
 * way, for a feed row with one leaf.
 */
export type ReadHow = 'every-leaf' | 'winner';

/**
 * Methods that reach the database throw DatabaseUnavailableError while it is away (the
 * caller waits and retries: lib/db/retry.ts, untilAvailable) and DatabaseRefusedError when it
 * refuses. `write` and `read` wait out an outage themselves.
 */
export interface TaskStore {
  /** The database's address without its password, for messages. */
  readonly where: string;
  /** Creates the database and its design document if missing (idempotent); says how many copies it keeps. */
  prepare(options: PrepareOptions): Promise<StoreInfo>;
  /** The current update sequence: follow from it, then load, and nothing is missed. */
  currentSeq(): Promise<Seq>;
  /** The open tasks of `worker` due in `range`, a page at a time, in date order. */
  openTasks(worker: string, range: DateRange): AsyncIterable<TaskDoc[]>;
  /** Follows the thin `_changes` feed; outages are waited out and reported inside. */
  follow(options: FollowOptions): Following;
  /**
   * Writes `doc` on the `_rev` it carries, batched with others (`waitMs`: how long it may wait
   * for company). A document's writes land in the order they were made.
   */
  write(doc: WritableDoc, waitMs?: number): Promise<WriteResult>;
  /** The latest revision of `id` and its siblings; null when deleted or never written. Batched. */
  read(id: string, how: ReadHow): Promise<ReadTask | null>;
  /** Running tasks of `worker` whose lease ended by `nowMs` (a page of them). */
  expiredLeases(worker: string, nowMs: number): Promise<TaskDoc[]>;
  /** Finished tasks of `worker` whose ttl ran out by `cutoffs` (a page of each kind), with `_conflicts`. */
  expiredTasks(worker: string, cutoffs: ExpiryCutoffs): Promise<TaskDoc[]>;
  /** The heartbeat documents of `worker`'s processes. */
  heartbeats(worker: string): Promise<HeartbeatDoc[]>;
  /** Told of every revision written, before its writer is answered. */
  onWritten(listener: (id: string, rev: string) => void): void;
  /** When a request last failed to reach the database (epoch ms); 0 when none did. */
  readonly lastFailureMs: number;
  /** Writes queued or in the air. */
  readonly pendingWrites: number;
  /** Resolves when no write is queued or in the air, or after `maxWaitMs`, or when `signal` aborts. */
  drain(maxWaitMs?: number, signal?: AbortSignal): Promise<void>;
  /** A stop is under way: what waits goes now, and retries come quickly. */
  hurry(): void;
}
