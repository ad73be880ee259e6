// Follows one task through `_changes` (filter=_doc_ids, longpoll) until it reaches a final
// status. Only the latest revision is promised, so intermediate statuses may be skipped.
import type { TasksDatabase } from './connection';
import { classifyDatabaseError, DatabaseUnavailableError, TaskDeletedError } from './errors';
import { requestChanges, type ChangesPage, type Seq } from './changes-request';
import { backoffDelay, OutageReporter, sleep } from './retry';
import { FINAL_STATUSES, type TaskDoc } from '../task/types';

/** The longest one longpoll request waits on the server (CouchDB's own limit is 60 s). */
const LONGPOLL_TIMEOUT_MS = 30_000;

export interface FollowTaskOptions {
  /** A seq from before the task was written, so that its first revision is not missed. */
  since: Seq;
  /** Stops following; the result then has `finished: false`. */
  signal?: AbortSignal;
  /** Told once when the database goes away and once when it is back. */
  log: (line: string) => void;
}

export interface FollowedTask {
  /** Whether the task reached done, error or canceled. */
  finished: boolean;
  /** The latest revision seen, if any. */
  last: TaskDoc | null;
}

export async function followTask(database: TasksDatabase, id: string, options: FollowTaskOptions): Promise<FollowedTask> {
  const outage = new OutageReporter(options.log);
  let since = options.since;
  let last: TaskDoc | null = null;
  for (let failures = 0; !options.signal?.aborted;) {
    let page: ChangesPage;
    try {
      page = await changesOf(database, id, since, options.signal);
    } catch (err) {
      if (options.signal?.aborted) break;
      const problem = classifyDatabaseError(err, database.where);
      if (!(problem instanceof DatabaseUnavailableError)) throw problem;
      failures += 1;
      outage.failed(problem.message);
      await sleep(backoffDelay(failures), options.signal);
      continue;
    }
    failures = 0;
    outage.recovered(`following task ${id} again`);
    for (const row of page.results) {
      if (row.id !== id) continue;
      if (row.deleted) throw new TaskDeletedError(`task ${id} was deleted before it was seen to end (a ttl shorter than the wait, or someone deleted it)`);
      if (row.doc) last = row.doc;
    }
    if (last && FINAL_STATUSES.includes(last.status ?? 'waiting')) return { finished: true, last };
    since = page.last_seq;
  }
  return { finished: false, last };
}

function changesOf(database: TasksDatabase, id: string, since: Seq, signal?: AbortSignal): Promise<ChangesPage> {
  return requestChanges(database, {
    qs: { feed: 'longpoll', filter: '_doc_ids', since, timeout: LONGPOLL_TIMEOUT_MS, include_docs: true },
    body: { doc_ids: [id] },
    signal,
  });
}
