// What a task's dependencies (`depends_on`, issue 14) say, as read now: pure, no I/O. A task
// starts once every one of them is `done`; one that ended `error` or `canceled`, or that does not
// exist, ends it `canceled`; any other status (a repeating task between its runs too) is waited for.
import type { TaskDoc } from '../task/types';

export type DependencyVerdict =
  /** Every one is `done`; `lastDoneMs`: the latest of their `finished_at`, null when none says. */
  | { kind: 'met'; lastDoneMs: number | null }
  /** `id` ended other than `done`, or is no task: the dependent ends `canceled` with `message`. */
  | { kind: 'failed'; id: string; status: string; message: string }
  /** These have not ended yet: wait for them. */
  | { kind: 'pending'; ids: string[] };

/** The ids `doc` depends on, each once; null when it has none. For a document the rules accept (`depends_on` an array of ids). */
export function dependenciesOf(doc: TaskDoc): string[] | null {
  const ids = doc.depends_on;
  if (!Array.isArray(ids) || ids.length === 0) return null;
  return [...new Set(ids)];
}

/**
 * The verdict on `ids` from their documents as read (`read(id)`: null for one that does not
 * exist or was deleted). The first failed one in `depends_on`'s order is named.
 */
export function dependencyVerdict(ids: readonly string[], read: (id: string) => TaskDoc | null): DependencyVerdict {
  const pending: string[] = [];
  let lastDoneMs: number | null = null;
  for (const id of ids) {
    const doc = read(id);
    if (doc === null) return { kind: 'failed', id, status: 'missing', message: `dependency '${id}' does not exist` };
    if (typeof doc.worker !== 'string') return { kind: 'failed', id, status: 'missing', message: `dependency '${id}' is not a task (it has no worker)` };
    const status = doc.status ?? 'waiting';
    if (status === 'error') {
      const why = typeof doc.error?.message === 'string' ? `: ${doc.error.message}` : '';
      return { kind: 'failed', id, status, message: `dependency '${id}' ended error${why}` };
    }
    if (status === 'canceled') return { kind: 'failed', id, status, message: `dependency '${id}' was canceled` };
    if (status !== 'done') {
      pending.push(id);
      continue;
    }
    const finishedMs = typeof doc.finished_at === 'string' ? Date.parse(doc.finished_at) : NaN;
    if (!Number.isNaN(finishedMs) && (lastDoneMs === null || finishedMs > lastDoneMs)) lastDoneMs = finishedMs;
  }
  return pending.length > 0 ? { kind: 'pending', ids: pending } : { kind: 'met', lastDoneMs };
}
