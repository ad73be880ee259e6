// The window and the horizon (docs/ARCHITECTURE.md, "The window and the horizon"): a worker
// holds only the tasks due within its horizon. The first load reads every open task up to the
// window's end; every quarter of the horizon the window advances and loads the stretch it
// adds; when a peer is gone, the whole window is loaded again.
import { every } from '../clock/timers';
import { DatabaseUnavailableError } from '../db/errors';
import { untilAvailable } from '../db/retry';
import type { DateRange } from '../db/store';
import type { TaskDoc } from '../task/types';
import { later, type WorkerContext } from './context';
import { messageOf } from '../log';
import { RELOAD_RETRY_MS } from './timing';

export class Window {
  /** Tasks due up to this time (epoch ms) are held; later ones are left in the database. */
  private loadedUntilMs = 0;
  /** The start's load of the open tasks has succeeded: later loads read only what the window adds. */
  private firstLoaded = false;
  /** A peer is gone: the next advance loads all of the window again, to take the peer's share. */
  private reloadWanted = false;
  private advancing = false;
  private stopAdvances: (() => void) | null = null;

  /** `consider`: a document loaded. */
  constructor(private readonly context: WorkerContext, private readonly horizonMs: number,
    private readonly consider: (doc: TaskDoc) => Promise<void>) {}

  get loadedUntil(): number {
    return this.loadedUntilMs;
  }

  /** Opens the window at the start (the feed follows from before now: nothing is missed), and loads it in the background. */
  open(): void {
    this.loadedUntilMs = this.context.time.now() + this.horizonMs;
    this.stopAdvances = every(this.context.time, this.horizonMs / 4, () => void this.advance());
    void this.advance();
  }

  close(): void {
    this.stopAdvances?.();
  }

  /**
   * A process of this name stopped or went silent (PeerSet): the tasks that fell to it now fall
   * to the others, which never read them (feed-rows.ts). They are in no one's memory, so each
   * process loads the open tasks of its window again and keeps those that are now its own.
   */
  peerGone(peer: string): void {
    if (this.context.stopping) return;
    this.context.log(`process ${peer} of worker '${this.context.name}' is gone: loading the open tasks again to take its share`);
    this.reloadWanted = true;
    void this.advance();
  }

  /**
   * Moves the window forward and loads the tasks it now reaches. The first load (at start) reads
   * every open task up to the window's end, the overdue ones and those with an unreadable date
   * included; until it has succeeded, each advance tries it again. After a peer is gone, the
   * whole window is loaded again in the same way (see peerGone).
   */
  private async advance(): Promise<void> {
    const { context } = this;
    if (this.advancing || context.stopping) return;
    this.advancing = true;
    const first = !this.firstLoaded;
    const reload = !first && this.reloadWanted;
    this.reloadWanted = false;
    const afterMs = this.loadedUntilMs;
    // Moved first, so that a change arriving while the page loads is held, not skipped.
    this.loadedUntilMs = context.time.now() + this.horizonMs;
    const range: DateRange = first || reload ? { untilMs: this.loadedUntilMs } : { afterMs, untilMs: this.loadedUntilMs };
    const fromMs = context.time.now();
    let failed = false;
    try {
      const count = first
        ? await untilAvailable('cannot load open tasks', () => this.load(range), { log: context.log, signal: context.stopSignal, clock: context.time })
        : await this.load(range);
      const took = `${((context.time.now() - fromMs) / 1000).toFixed(1)} s`;
      if (first && !context.stopping) {
        this.firstLoaded = true;
        context.log(`worker '${context.name}' loaded ${count} open task(s) due within ${this.horizonMs / 1000} s in ${took}`);
      }
      if (reload && !context.stopping) context.log(`worker '${context.name}' loaded ${count} open task(s) again in ${took}`);
    } catch (err) {
      failed = true;
      if (!first) this.loadedUntilMs = afterMs; // the next advance loads this range again
      if (reload) this.reloadWanted = true;
      if (context.stopping) return;
      // An unreachable database is reported by the feed and noted by the store.
      if (!(err instanceof DatabaseUnavailableError)) context.log(`loading the ${first || reload ? 'open' : 'next'} tasks failed: ${messageOf(err)}`);
    } finally {
      this.advancing = false;
      // A peer went while this load ran, or the reload failed: load again (soon, not at the next advance).
      if (this.reloadWanted) later(context, failed ? RELOAD_RETRY_MS : 0, () => this.advance());
    }
  }

  /** Considers the open tasks due in `range`, a page at a time; returns how many there were. */
  private async load(range: DateRange): Promise<number> {
    let count = 0;
    for await (const page of this.context.store.openTasks(this.context.name, range)) {
      if (this.context.stopping) break;
      await Promise.all(page.map((doc) => this.consider(doc)));
      count += page.length;
    }
    return count;
  }
}
