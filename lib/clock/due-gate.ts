// Where runs claimed ahead of their date wait for it: one timer per due instant, shared by
// every run due then.
//
// Why not one timer per run: each timer's callback runs to its microtasks' end before the next
// timer fires, so a run's job started, finished and had its outcome queued before the next run
// due in the same millisecond could start, and a large burst took a second or more to start
// (docs/ARCHITECTURE.md, "Decisions and their measurements"). Released together, every waiting
// run takes its next step before any takes the one after, so all their jobs start before any
// outcome is handled.
import { realTimers, type ClockTimers } from './timers';

interface Gate {
  timer: unknown;
  /** Each waiting run's release, in the order they came: they are released in that order. */
  releases: Set<() => void>;
}

export class DueGate {
  private readonly gates = new Map<number, Gate>();

  constructor(private readonly timers: ClockTimers = realTimers) {}

  /** Resolves at `dueMs`, never before (timers may fire a little early), or at once when `signal` aborts. */
  wait(dueMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.timers.now() >= dueMs) return Promise.resolve();
    const gate = this.gates.get(dueMs) ?? this.newGate(dueMs);
    return new Promise((resolve) => {
      const release = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        gate.releases.delete(release);
        // The last run waiting for this instant was stopped: no timer outlives it.
        if (gate.releases.size === 0) this.close(dueMs, gate);
        resolve();
      };
      gate.releases.add(release);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** How many due instants have runs waiting for them. */
  get size(): number {
    return this.gates.size;
  }

  private newGate(dueMs: number): Gate {
    const gate: Gate = { timer: undefined, releases: new Set() };
    this.gates.set(dueMs, gate);
    this.arm(dueMs, gate);
    return gate;
  }

  private arm(dueMs: number, gate: Gate): void {
    gate.timer = this.timers.setTimeout(() => {
      if (this.timers.now() < dueMs) {
        this.arm(dueMs, gate);
        return;
      }
      this.gates.delete(dueMs);
      for (const release of gate.releases) release();
    }, dueMs - this.timers.now());
  }

  private close(dueMs: number, gate: Gate): void {
    this.timers.clearTimeout(gate.timer);
    this.gates.delete(dueMs);
  }
}
