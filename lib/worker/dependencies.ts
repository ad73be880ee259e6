// A held task's dependencies (`depends_on`, issue 14; docs/ARCHITECTURE.md, "Dependencies"):
// checked when its claim time comes, before the claim, by one batched read of their documents.
// All `done`: it is claimed, to start at the later of its date and their last `finished_at`.
// One ended `error` or `canceled`, or missing: it ends `canceled`, naming that one. Otherwise it
// stays held and waits: the ids it waits on are read from the feed this process already follows,
// whatever their worker name (AwaitedDependencies, feed-rows.ts), and their end checks it again.
import { messageOf } from '../log';
import type { TaskDoc } from '../task/types';
import { FINAL_STATUSES } from '../task/types';
import type { Actions } from './act';
import type { HeldTask, WorkerContext } from './context';
import { dependenciesOf, dependencyVerdict } from './dependency-verdict';
import { toDependencyFailed } from './transitions';

/** How soon dependencies that could not be read are read again. */
const DEPENDENCY_RETRY_MS = 5000;

/** Whether `task`'s dependencies must be checked before it is claimed. */
export function dependenciesToCheck(task: HeldTask): boolean {
  return task.doc.depends_on !== undefined && task.dependenciesMet !== true && dependenciesOf(task.doc) !== null;
}

export class Dependencies {
  /** `claimAt`: when to claim a task due at `dueMs` (as in ActOptions). */
  constructor(private readonly context: WorkerContext, private readonly actions: Actions,
    private readonly claimAt: (dueMs: number) => number) {}

  /** Checks the dependencies of held task `id` (in its lane): claims it, cancels it, or waits. */
  async check(id: string): Promise<void> {
    const { context } = this;
    const task = context.held.get(id);
    if (!task || task.run || task.awaitingLease || context.stopping) return;
    const ids = dependenciesOf(task.doc);
    if (ids === null) return;
    // Awaited before the read: a change the read misses comes through the feed, and checks again.
    task.awaitingDependencies = true;
    context.awaited.wait(id, ids);
    let docs: Map<string, TaskDoc | null>;
    try {
      const reads = await Promise.all(ids.map((dependency) => context.store.read(dependency, 'winner')));
      docs = new Map(ids.map((dependency, i) => [dependency, reads[i]?.doc ?? null]));
    } catch (err) {
      context.log(`task ${id}: cannot read its dependencies: ${messageOf(err)}; trying again in ${DEPENDENCY_RETRY_MS / 1000} s`);
      if (context.held.get(id) === task) {
        task.awaitingDependencies = false;
        context.ticks.add(id, context.time.now() + DEPENDENCY_RETRY_MS, null);
      }
      return;
    }
    if (context.held.get(id) !== task || context.stopping) return; // changed meanwhile: decided afresh
    const now = context.time.now();
    const verdict = dependencyVerdict(ids, (dependency) => docs.get(dependency) ?? null);
    switch (verdict.kind) {
      case 'pending':
        context.awaited.wait(id, verdict.ids);
        return;
      case 'failed':
        this.actions.forget(id);
        context.log(`task ${id} canceled: ${verdict.message}`);
        await this.actions.write(toDependencyFailed(task.doc, verdict.id, verdict.message, now));
        return;
      case 'met': {
        context.awaited.release(id);
        task.awaitingDependencies = false;
        task.dependenciesMet = true;
        // Not before the last dependency's end, as its writer's clock says.
        if (verdict.lastDoneMs !== null && verdict.lastDoneMs > task.dueMs) task.dueMs = verdict.lastDoneMs;
        context.ticks.add(id, Math.max(now, this.claimAt(task.dueMs)), null);
        return;
      }
    }
  }

  /** The feed showed `id`, which held tasks wait on, as `doc` (null: deleted). Once it has ended, they are checked again. */
  changed(id: string, doc: TaskDoc | null): void {
    const { context } = this;
    if (doc !== null && typeof doc.worker === 'string' && !FINAL_STATUSES.includes(doc.status ?? 'waiting')) return;
    for (const dependent of context.awaited.dependentsOf(id)) {
      if (context.held.get(dependent)?.awaitingDependencies) void context.lanes.run(dependent, () => this.check(dependent));
    }
  }
}
