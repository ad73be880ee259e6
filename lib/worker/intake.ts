// Intake: the documents a worker considers come from the thin feed (feed-rows.ts says which
// rows' documents to read), from loads of the window, from the lease sweep, and from reads
// after a conflict (act.ts). Each goes to its task's lane to be decided (act.ts); a task that
// held tasks wait on (`depends_on`) also has them checked again once it has ended (dependencies.ts).
import { withConflictsApart } from '../db/batch-reader';
import { DatabaseUnavailableError } from '../db/errors';
import { HEARTBEAT_ID_PREFIX, heartbeatId } from '../db/heartbeats';
import type { ChangesRow, ReadTask } from '../db/store';
import { FINAL_STATUSES, type TaskDoc } from '../task/types';
import type { Actions } from './act';
import { type WorkerContext } from './context';
import type { Dependencies } from './dependencies';
import { messageOf } from '../log';
import { rowRead, type RowContext } from './feed-rows';
import type { HeartbeatKeeper } from './heartbeat-keeper';
import { OwnRevisions } from './own-revisions';
import { sweepKey } from './peers';

export class Intake {
  private readonly ownRevisions = new OwnRevisions();
  private sweeping = false;

  constructor(private readonly context: WorkerContext, private readonly actions: Actions,
    private readonly heartbeat: HeartbeatKeeper, private readonly dependencies: Dependencies) {
    context.store.onWritten((id, rev) => this.ownRevisions.written(id, rev));
  }

  /** A page of the thin feed: reads the documents this process must see (feed-rows.ts), and considers them. */
  async takeRows(rows: ChangesRow[]): Promise<void> {
    const { context } = this;
    const nowMs = context.time.now();
    const rowContext: RowContext = {
      heartbeatPrefix: heartbeatId(context.name, ''),
      heldRev: (id) => context.held.get(id)?.doc._rev,
      ownWrite: (id, revs) => this.ownRevisions.shownBy(id, revs),
      owns: (id) => context.peers.owns(id, nowMs),
      awaited: (id) => context.awaited.has(id),
    };
    const reads: Array<Promise<void>> = [];
    for (const row of rows) {
      const how = rowRead(row, rowContext);
      if (how === 'skip') continue;
      reads.push(context.store.read(row.id, how === 'with-siblings' ? 'every-leaf' : 'winner').then(
        (read) => (read ? this.considerRead(read) : this.deleted(row.id)),
        (err: unknown) => context.log(`task ${row.id}: cannot read it: ${messageOf(err)}`),
      ));
    }
    await Promise.all(reads);
  }

  /** A document of a load or a sweep (with `_conflicts`, when it has any). */
  consider(stored: TaskDoc): Promise<void> {
    return this.considerRead(withConflictsApart(stored));
  }

  /**
   * Finds the tasks whose process died while running them, including ones this process never
   * held. One process of a name sweeps, the one the sweep falls to among those it knows (see
   * PeerSet); when it stops, another takes over. On CouchDB every sweep brings the views up to
   * date first, and sweeps from every process mapped most revisions of a run in couchjs
   * (docs/COUCHDB.md).
   */
  async sweepExpiredLeases(): Promise<void> {
    const { context } = this;
    if (this.sweeping || context.stopping || !context.peers.owns(sweepKey(context.name), context.time.now())) return;
    this.sweeping = true;
    try {
      const docs = await context.store.expiredLeases(context.name, context.time.now());
      await Promise.all(docs.map((doc) => this.consider(doc)));
    } catch (err) {
      // An unreachable database is reported by the feed and noted by the store; anything else is worth a line.
      if (!(err instanceof DatabaseUnavailableError)) context.log(`lease sweep failed: ${messageOf(err)}`);
    } finally {
      this.sweeping = false;
    }
  }

  /** A document the feed showed deleted (or gone for good): held tasks waiting on it are checked again, and it is dropped if held. */
  private deleted(id: string): Promise<void> {
    if (this.context.awaited.has(id)) this.dependencies.changed(id, null);
    return this.gone(id);
  }

  /** A document the feed showed deleted, or moved to another name: a task held and not running is dropped (a running one is left to its outcome's write). */
  private gone(id: string): Promise<void> {
    const { context } = this;
    if (!context.held.has(id)) return Promise.resolve();
    return context.lanes.run(id, async () => {
      if (!context.held.get(id)?.run) this.actions.forget(id);
    });
  }

  /** A document read (from the feed, a load or a sweep), with the revisions of its siblings. */
  private considerRead({ doc, conflicts }: ReadTask): Promise<void> {
    const { context, actions } = this;
    if (doc._id.startsWith(HEARTBEAT_ID_PREFIX)) {
      this.heartbeat.noticed(doc, context.time.now());
      return Promise.resolve();
    }
    if (context.awaited.has(doc._id)) {
      this.dependencies.changed(doc._id, doc);
      // Read only because held tasks wait on it: otherwise another process's business.
      if (!context.held.has(doc._id) && !context.peers.owns(doc._id, context.time.now())) return Promise.resolve();
    }
    if (doc.worker !== context.name) {
      // Another name's task whose id fell to this process, or one moved to another name.
      return context.held.has(doc._id) ? this.gone(doc._id) : Promise.resolve();
    }
    if (FINAL_STATUSES.includes(doc.status ?? 'waiting')) {
      // A finished task, most often run by another process. Its losing leaves, if any, are
      // left to a read of every copy (the winner's, or ours after our own claim lost), not
      // removed on the word of the feed. apply notes the peer; one we do not hold, we note here.
      if (context.held.has(doc._id)) return context.lanes.run(doc._id, () => actions.apply(doc, false));
      actions.notePeer(doc);
      return Promise.resolve();
    }
    // Our own write coming back through the feed changes nothing: dropped here rather than
    // queued in the task's lane, where it would wait for the claim's read-back, and the feed
    // (which waits for its batch) with it.
    if (doc._rev === context.held.get(doc._id)?.doc._rev && conflicts.length === 0) {
      actions.notePeer(doc);
      return Promise.resolve();
    }
    return context.lanes.run(doc._id, () => actions.apply(doc, false, conflicts));
  }
}
