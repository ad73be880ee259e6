// Keeps this process's heartbeat document (lib/db/heartbeats.ts) and, at each beat, learns
// the live processes of its name from theirs: so processes that start together, or tasks
// that arrive before any claim was seen, are shared out from the first task (see PeerSet).
// A beat also deletes the heartbeats of processes silent for a whole lease past their end
// (processes that died); a stopped process marks its own as ended at once.
import { heartbeatId, heartbeatOf, type HeartbeatDoc } from '../db/heartbeats';
import type { TaskStore } from '../db/store';
import type { PeerSet } from './peers';
import { every, type ClockTimers } from '../clock/timers';
import { messageOf } from '../log';

export interface HeartbeatKeeperOptions {
  store: TaskStore;
  worker: string;
  processId: string;
  /** A heartbeat says the process lives for this long; it is renewed every third of it. */
  leaseMs: number;
  peers: PeerSet;
  log: (line: string) => void;
  clock: ClockTimers;
}

export class HeartbeatKeeper {
  private doc: HeartbeatDoc;
  private stopBeats: (() => void) | null = null;
  private beating: Promise<void> = Promise.resolve();

  constructor(private readonly options: HeartbeatKeeperOptions) {
    const { worker, processId } = options;
    this.doc = {
      _id: heartbeatId(worker, processId),
      after_process: { worker, id: processId, started_at: new Date(options.clock.now()).toISOString(), until: '' },
    };
  }

  /** Writes the first heartbeat and reads the others'; throws DatabaseUnavailableError like any read. */
  async start(): Promise<void> {
    await this.beat();
    this.stopBeats = every(this.options.clock, this.options.leaseMs / 3, () => {
      this.beating = this.beating.then(() => this.beat()).catch((err: unknown) => {
        this.options.log(`heartbeat failed: ${messageOf(err)}`);
      });
    }, { unref: true });
  }

  /** Says this process has ended: its peers take back its share of the tasks at once. */
  async stop(): Promise<void> {
    if (this.stopBeats === null) return; // never started
    this.stopBeats();
    await this.beating;
    // Without it, peers leave out this process a lease later instead of at once: worth a line, not a failed stop.
    await this.write(new Date(this.options.clock.now()).toISOString()).catch((err: unknown) => {
      this.options.log(`could not mark this process's heartbeat ended: ${messageOf(err)}`);
    });
  }

  /** A heartbeat of this name seen in the feed: a peer alive, or ended. */
  noticed(doc: { _id?: unknown; after_process?: unknown }, nowMs: number): void {
    const beat = heartbeatOf(doc, this.options.worker);
    if (!beat || beat.id === this.options.processId) return;
    if (beat.untilMs > nowMs) this.options.peers.alive(beat.id, nowMs);
    else this.options.peers.forget(beat.id, nowMs);
  }

  private async beat(): Promise<void> {
    await this.write(new Date(this.options.clock.now() + this.options.leaseMs).toISOString());
    const nowMs = this.options.clock.now();
    for (const doc of await this.options.store.heartbeats(this.options.worker)) {
      const beat = heartbeatOf(doc, this.options.worker);
      if (!beat || beat.id === this.options.processId) continue;
      this.noticed(doc, nowMs);
      if (beat.untilMs < nowMs - this.options.leaseMs) void this.removeStale(doc);
    }
  }

  /** Deletes the heartbeat of a process long silent. Another process may delete it too: a conflict then changes nothing. */
  private async removeStale(doc: HeartbeatDoc): Promise<void> {
    const result = await this.options.store.write({ _id: doc._id, _rev: doc._rev, _deleted: true });
    if (!result.ok && !result.conflict) this.options.log(`the database refused to delete the stale heartbeat ${doc._id}: ${result.reason}`);
  }

  private async write(until: string): Promise<void> {
    const next: HeartbeatDoc = { ...this.doc, after_process: { ...this.doc.after_process, until } };
    const result = await this.options.store.write(next);
    if (result.ok) {
      this.doc = { ...next, _rev: result.rev };
    } else if (result.conflict) {
      // Deleted as stale by a peer while this process could not reach the database (or, on a
      // cluster, a sibling): the next beat writes on what the database holds now.
      const { _rev: _stale, ...fresh } = this.doc;
      const rev = (await this.options.store.read(this.doc._id, 'winner'))?.doc._rev;
      this.doc = rev === undefined ? fresh : { ...fresh, _rev: rev };
    } else {
      this.options.log(`the database refused this process's heartbeat: ${result.reason}`);
    }
  }
}
