// An in-memory tasks database for the worker's unit tests: the store port (lib/db/store.ts)
// with CouchDB's revision semantics, in virtual time. A test double only: integration tests
// run the real servers.
//
// - Every write names the revision it was made on: a write on a revision that is not a leaf
//   of the copy it reaches is a conflict (409); an accepted write gets `<generation>-<hash of
//   parent and body>`, so equal writes get equal revisions on any copy.
// - A cluster is modelled as copies ("nodes"), one per coordinator. A write lands on the copy
//   it is sent through, and reaches the others `replicationMs` later. Two writes on the same
//   revision through two copies are both accepted and become sibling leaves; every copy then
//   shows the same winner (winningLeaf: live before deleted, generation, then revision id).
// - A read of every leaf merges what every copy holds (as `_bulk_get` with r = n); a read of
//   the winner asks the coordinator's copy only. Each coordinator has its own changes feed.
import crypto from 'node:crypto';
import type { ClockTimers } from '../../lib/clock/timers';
import type { HeartbeatDoc } from '../../lib/db/heartbeats';
import { heartbeatId } from '../../lib/db/heartbeats';
import type {
  ChangesRow, DateRange, ExpiryCutoffs, FollowOptions, Following, PrepareOptions, ReadHow, ReadTask, Seq, StoreInfo, TaskStore, WritableDoc, WriteResult,
} from '../../lib/db/store';
import { winningLeaf } from '../../lib/db/winning-leaf';
import { expiryVerdict } from '../../lib/worker/expiry';
import { taskWindowMs } from '../../lib/task/rules';
import { FINAL_STATUSES, type TaskDoc } from '../../lib/task/types';

interface Revision {
  rev: string;
  parent: string | undefined;
  body: TaskDoc;
}

/** One copy of the database: every revision of every document it has, and its changes. */
class Copy {
  readonly docs = new Map<string, Map<string, Revision>>();
  readonly changes: string[] = [];
  private readonly listeners = new Set<() => void>();

  leaves(id: string): Revision[] {
    const revisions = this.docs.get(id);
    if (!revisions) return [];
    const parents = new Set([...revisions.values()].map((revision) => revision.parent));
    return [...revisions.values()].filter((revision) => !parents.has(revision.rev));
  }

  /** Adds a revision (written here, or replicated); a revision already here changes nothing. */
  add(id: string, revision: Revision): void {
    const revisions = this.docs.get(id) ?? new Map<string, Revision>();
    if (revisions.has(revision.rev)) return;
    revisions.set(revision.rev, revision);
    this.docs.set(id, revisions);
    this.changes.push(id);
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface MemoryDatabaseOptions {
  clock: ClockTimers;
  /** Copies of each document (coordinators). Default 1: a single node. */
  copies?: number;
  /** How long a write takes to reach the other copies. Default 0 (at once). */
  replicationMs?: number;
  /** How long a write or a read takes to be answered. Default 1 ms. */
  latencyMs?: number;
}

export class MemoryDatabase {
  readonly copies: Copy[];
  readonly clock: ClockTimers;
  readonly replicationMs: number;
  readonly latencyMs: number;

  constructor(options: MemoryDatabaseOptions) {
    this.clock = options.clock;
    this.copies = Array.from({ length: options.copies ?? 1 }, () => new Copy());
    this.replicationMs = options.replicationMs ?? 0;
    this.latencyMs = options.latencyMs ?? 1;
  }

  /** The store port of a worker whose requests go through copy `node`. */
  store(node = 0): MemoryStore {
    if (node < 0 || node >= this.copies.length) throw new RangeError(`no copy ${node}: the database has ${this.copies.length}`);
    return new MemoryStore(this, node);
  }

  /** Writes `doc` through copy `node` (a user's write); the result as a worker's write gets it. */
  put(doc: WritableDoc, node = 0): WriteResult {
    const copy = this.copies[node];
    const leaves = copy.leaves(doc._id);
    const live = leaves.filter((leaf) => leaf.body._deleted !== true);
    if (doc._rev === undefined ? live.length > 0 : !leaves.some((leaf) => leaf.rev === doc._rev)) return { ok: false, conflict: true };
    const generation = doc._rev === undefined ? (winningLeaf(leaves.map((leaf) => leaf.body))?._rev ?? '0-').split('-')[0] : doc._rev.split('-')[0];
    const { _rev: _parent, ...fields } = doc;
    const hash = crypto.createHash('md5').update(`${doc._rev ?? ''}${JSON.stringify(fields)}`).digest('hex');
    const rev = `${Number(generation) + 1}-${hash}`;
    const revision: Revision = { rev, parent: doc._rev ?? winningLeaf(leaves.map((leaf) => leaf.body))?._rev, body: { ...fields, _rev: rev } as TaskDoc };
    copy.add(doc._id, revision);
    this.copies.forEach((other, index) => {
      if (index === node) return;
      if (this.replicationMs === 0) other.add(doc._id, revision);
      else this.clock.setTimeout(() => other.add(doc._id, revision), this.replicationMs);
    });
    return { ok: true, rev };
  }

  /** The task as every copy holds it, merged: the winner, and its siblings. */
  get(id: string, nodes: readonly number[] = this.copies.map((_, index) => index)): ReadTask | null {
    const leaves = new Map<string, TaskDoc>();
    for (const node of nodes) for (const leaf of this.copies[node].leaves(id)) leaves.set(leaf.rev, leaf.body);
    const winner = winningLeaf([...leaves.values()]);
    if (!winner || winner._deleted === true) return null;
    const siblings = [...leaves.values()].filter((leaf) => leaf !== winner && leaf._deleted !== true);
    return { doc: winner, conflicts: siblings.map((leaf) => leaf._rev as string), siblings };
  }

  /** Every task's winning revision on copy `node`. */
  winners(node = 0): TaskDoc[] {
    return [...this.copies[node].docs.keys()].flatMap((id) => {
      const read = this.get(id, [node]);
      return read ? [read.doc] : [];
    });
  }
}

export class MemoryStore implements TaskStore {
  readonly where: string;
  private readonly listeners: Array<(id: string, rev: string) => void> = [];
  private inFlight = 0;
  private idle: Array<() => void> = [];
  /** Set while this store's process is cut off from the database: its requests wait for heal(). */
  private healed: Promise<void> | null = null;
  private heal_: () => void = () => undefined;

  constructor(private readonly database: MemoryDatabase, private readonly node: number) {
    this.where = `memory copy ${node}`;
  }

  private get copy(): Copy {
    return this.database.copies[this.node];
  }

  async prepare(_options: PrepareOptions): Promise<StoreInfo> {
    return { replicas: this.database.copies.length };
  }

  async currentSeq(): Promise<Seq> {
    return this.copy.changes.length;
  }

  async* openTasks(worker: string, range: DateRange): AsyncIterable<TaskDoc[]> {
    // Where the view orders a task (the rules' windowMs); an unreadable date sorts first, as the view's null key does.
    const dateOf = (doc: TaskDoc): number => taskWindowMs(doc) ?? -Infinity;
    const open = this.database.winners(this.node).filter((doc) => doc.worker === worker && !FINAL_STATUSES.includes(doc.status ?? 'waiting')
      && (range.afterMs === undefined || dateOf(doc) > range.afterMs) && (range.untilMs === undefined || dateOf(doc) <= range.untilMs));
    open.sort((a, b) => dateOf(a) - dateOf(b) || (a._id < b._id ? -1 : 1));
    await this.answered();
    if (open.length > 0) yield open.map((doc) => this.withConflicts(doc));
  }

  follow(options: FollowOptions): Following {
    let since = Number(options.since);
    let stopped = false;
    let wake: (() => void) | null = null;
    const unsubscribe = this.copy.onChange(() => wake?.());
    const following = {
      behind: true,
      stop: async (): Promise<void> => {
        stopped = true;
        unsubscribe();
        wake?.();
        await loop;
      },
    };
    const loop = (async () => {
      while (!stopped) {
        await options.beforeRequest?.();
        if (stopped) return;
        if (this.copy.changes.length === since) {
          following.behind = false;
          await new Promise<void>((resolve) => { wake = resolve; });
          wake = null;
          continue;
        }
        await this.answered();
        const ids = [...new Set(this.copy.changes.slice(since))];
        const last = this.copy.changes.length;
        const rows: ChangesRow[] = ids.map((id) => ({ id, changes: this.copy.leaves(id).map((leaf) => ({ rev: leaf.rev })) }));
        following.behind = true;
        await options.onBatch(rows);
        since = last;
      }
    })();
    return following;
  }

  async write(doc: WritableDoc, _waitMs?: number): Promise<WriteResult> {
    this.inFlight += 1;
    try {
      await this.answered();
      const result = this.database.put(doc, this.node);
      if (result.ok) for (const listener of this.listeners) listener(doc._id, result.rev);
      return result;
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of [...this.idle]) wake();
    }
  }

  async read(id: string, how: ReadHow): Promise<ReadTask | null> {
    await this.answered();
    return how === 'every-leaf' ? this.database.get(id) : this.database.get(id, [this.node]);
  }

  async expiredLeases(worker: string, nowMs: number): Promise<TaskDoc[]> {
    await this.answered();
    return this.database.winners(this.node)
      .filter((doc) => doc.worker === worker && doc.status === 'running' && Date.parse(doc.lease?.until ?? '') <= nowMs)
      .map((doc) => this.withConflicts(doc));
  }

  async expiredTasks(worker: string, cutoffs: ExpiryCutoffs): Promise<TaskDoc[]> {
    await this.answered();
    return this.database.winners(this.node)
      .filter((doc) => expiryVerdict(doc, [], worker, cutoffs) !== 'keep')
      .map((doc) => this.withConflicts(doc));
  }

  async heartbeats(worker: string): Promise<HeartbeatDoc[]> {
    await this.answered();
    const prefix = heartbeatId(worker, '');
    return this.database.winners(this.node).filter((doc) => doc._id.startsWith(prefix)) as unknown as HeartbeatDoc[];
  }

  onWritten(listener: (id: string, rev: string) => void): void {
    this.listeners.push(listener);
  }

  /** The in-memory database is never away. */
  get lastFailureMs(): number {
    return 0;
  }

  get pendingWrites(): number {
    return this.inFlight;
  }

  drain(maxWaitMs = Infinity, signal?: AbortSignal): Promise<void> {
    if (this.inFlight === 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        if (timer !== undefined) this.database.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        this.idle = this.idle.filter((waiter) => waiter !== wake);
        resolve();
      };
      const timer = Number.isFinite(maxWaitMs) ? this.database.clock.setTimeout(wake, maxWaitMs) : undefined;
      signal?.addEventListener('abort', wake, { once: true });
      this.idle.push(wake);
    });
  }

  /** Nothing waits out a backoff here: every request is answered after latencyMs. */
  hurry(): void {}

  /** Cuts this process off from the database, as a hung or partitioned process: its requests are answered only after heal(). */
  cut(): void {
    this.healed ??= new Promise((resolve) => { this.heal_ = resolve; });
  }

  heal(): void {
    this.heal_();
    this.healed = null;
  }

  /** A document as a view with `conflicts` gives it (see withConflictsApart). */
  private withConflicts(doc: TaskDoc): TaskDoc {
    const conflicts = this.database.get(doc._id, [this.node])?.conflicts ?? [];
    return conflicts.length > 0 ? { ...doc, _conflicts: conflicts } as TaskDoc : doc;
  }

  private async answered(): Promise<void> {
    await new Promise<void>((resolve) => this.database.clock.setTimeout(resolve, this.database.latencyMs));
    while (this.healed) await this.healed;
  }
}
