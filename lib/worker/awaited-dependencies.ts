// The tasks that held tasks wait on (`depends_on`, issue 14), in memory: which ids the feed must
// show this process whatever their worker name (feed-rows.ts), and which held tasks to check again
// when one of them changes. Built from the held tasks as they are checked, so a restart or a
// reload of the window builds it again.
export class AwaitedDependencies {
  /** Dependency id → the held tasks waiting on it. */
  private readonly dependents = new Map<string, Set<string>>();
  /** Held task → the ids it waits on. */
  private readonly awaiting = new Map<string, readonly string[]>();

  /** `dependent` waits on `ids` (instead of what it waited on before). */
  wait(dependent: string, ids: readonly string[]): void {
    this.release(dependent);
    this.awaiting.set(dependent, ids);
    for (const id of ids) {
      const set = this.dependents.get(id);
      if (set) set.add(dependent);
      else this.dependents.set(id, new Set([dependent]));
    }
  }

  /** `dependent` waits on nothing (its dependencies were met, or it is no longer held). */
  release(dependent: string): void {
    if (this.awaiting.size === 0) return;
    const ids = this.awaiting.get(dependent);
    if (ids === undefined) return;
    this.awaiting.delete(dependent);
    for (const id of ids) {
      const set = this.dependents.get(id);
      set?.delete(dependent);
      if (set?.size === 0) this.dependents.delete(id);
    }
  }

  /** Whether a held task waits on `id`. */
  has(id: string): boolean {
    return this.dependents.size > 0 && this.dependents.has(id);
  }

  /** The held tasks waiting on `id`. */
  dependentsOf(id: string): string[] {
    return [...(this.dependents.get(id) ?? [])];
  }

  /** How many held tasks wait. */
  get size(): number {
    return this.awaiting.size;
  }
}
