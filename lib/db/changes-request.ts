// One `_changes` request, with its answer's shape checked. An answer without `results`
// (nano 11 resolves an aborted longpoll on CouchDB with "", a proxy may send an error page)
// is a failure to retry, never a page: callers see a typed error, not a TypeError.
import type { TasksDatabase } from './connection';
import { DatabaseUnavailableError } from './errors';
import type { TaskDoc } from '../task/types';

/** A `_changes` checkpoint: numbers on PouchDB, opaque strings on CouchDB 3. */
export type Seq = string | number;

export interface ChangesRow {
  id: string;
  /** Null on CouchDB for most rows when asked for `seq_interval`. */
  seq?: Seq | null;
  /** The document's leaf revisions (the winner alone unless asked for `style=all_docs`). */
  changes?: Array<{ rev: string }>;
  deleted?: boolean;
  /** With `include_docs`. */
  doc?: TaskDoc;
}

export interface ChangesPage {
  results: ChangesRow[];
  last_seq: Seq;
}

export interface ChangesRequest {
  qs: Record<string, unknown>;
  body: Record<string, unknown>;
  signal?: AbortSignal;
}

/**
 * `request.signal` may be one long-lived signal for many requests (a feed's). fetch (undici)
 * keeps a listener on the signal it is given until the request is garbage-collected, so each
 * request gets a signal of its own that follows it, unhooked once answered
 * (MaxListenersExceededWarning after 1,500 requests between two collections).
 */
export async function requestChanges(database: TasksDatabase, request: ChangesRequest): Promise<ChangesPage> {
  const own = new AbortController();
  // The request is over when it is aborted, whatever nano does with it: on a CouchDB cluster an
  // aborted longpoll was seen to leave nano's promise unsettled for a minute and more.
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = (): void => reject(own.signal.reason ?? new Error('the _changes request was aborted'));
  });
  const abort = (): void => {
    own.abort(request.signal?.reason);
    onAbort();
  };
  if (request.signal?.aborted) abort();
  request.signal?.addEventListener('abort', abort, { once: true });
  let answer: unknown;
  try {
    const answered = database.server.request({
      db: database.name,
      path: '_changes',
      method: 'POST',
      qs: request.qs,
      body: request.body,
      signal: own.signal,
    } as Parameters<TasksDatabase['server']['request']>[0]);
    answered.catch(() => {}); // settled after an abort, if ever: nobody waits on it any more
    answer = await Promise.race([answered, aborted]);
  } finally {
    request.signal?.removeEventListener('abort', abort);
  }
  if (!isChangesPage(answer)) {
    throw new DatabaseUnavailableError(`database ${database.where} sent a _changes answer without results: ${preview(answer)}`);
  }
  return answer;
}

function isChangesPage(answer: unknown): answer is ChangesPage {
  if (typeof answer !== 'object' || answer === null) return false;
  const { results, last_seq: lastSeq } = answer as Partial<ChangesPage>;
  return Array.isArray(results) && (typeof lastSeq === 'string' || typeof lastSeq === 'number') &&
    results.every((row) => typeof row === 'object' && row !== null);
}

/** The start of an unexpected answer, for the log line. */
function preview(answer: unknown): string {
  const text = typeof answer === 'string' ? JSON.stringify(answer) : JSON.stringify(answer) ?? String(answer);
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
