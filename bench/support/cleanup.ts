// What the bench must undo however it ends: processes to stop, databases to delete, folders
// to remove. Actions run last-registered first, each at most once, and one failing does not
// keep the others from running.

export type CleanupAction = () => Promise<void> | void;

export class Cleanup {
  private actions: Array<{ label: string; action: CleanupAction }> = [];

  /** Registers `action`; the returned function runs it now (and unregisters it). */
  defer(label: string, action: CleanupAction): () => Promise<void> {
    const entry = { label, action };
    this.actions.push(entry);
    return async () => {
      const index = this.actions.indexOf(entry);
      if (index === -1) return;
      this.actions.splice(index, 1);
      await entry.action();
    };
  }

  async runAll(report: (line: string) => void): Promise<void> {
    while (this.actions.length > 0) {
      const { label, action } = this.actions.pop() as { label: string; action: CleanupAction };
      try {
        await action();
      } catch (err) {
        report(`cleanup: ${label} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
