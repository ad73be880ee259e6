// What a failed request to CouchDB means to a caller: a conflict to re-read, a refusal to
// report, or the server being away (wait and retry).

/** The database cannot be reached, or answered with a server error: retry later. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** The tasks database, or its design document, does not exist yet (see setupNeededOr). */
export class SetupNeededError extends Error {
  override name = 'SetupNeededError';
}

/** A task followed to its end was deleted before it was seen to end (by someone, or by its ttl once it ended). */
export class TaskDeletedError extends Error {
  override name = 'TaskDeletedError';
}

/** The database refused a request for a reason a person must fix (credentials, rights). */
export class DatabaseRefusedError extends Error {
  override name = 'DatabaseRefusedError';
  constructor(message: string, readonly statusCode: number) {
    super(message);
  }
}

interface CouchErrorShape {
  statusCode?: number;
  error?: string;
  reason?: string;
  message?: string;
}

export function statusCodeOf(err: unknown): number | undefined {
  const code = (err as CouchErrorShape | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

export function isConflict(err: unknown): boolean {
  return statusCodeOf(err) === 409;
}

export function isNotFound(err: unknown): boolean {
  return statusCodeOf(err) === 404;
}

/** No HTTP answer at all, or a 5xx: the kind of failure that passes when the server is back. */
export function isTransient(err: unknown): boolean {
  const code = statusCodeOf(err);
  return code === undefined || code >= 500 || code === 429;
}

/** One line describing a failed request, with the database's password-free address. */
export function describeDatabaseError(err: unknown, where: string): string {
  const shape = (err ?? {}) as CouchErrorShape;
  const code = statusCodeOf(err);
  if (code === 401) return `database ${where} refused the credentials (401); check the login and password After was given: config "login" and "password", or those of AFTER_COUCH_URL`;
  if (code === 403) return `database ${where} forbids this (403): ${shape.reason ?? shape.message ?? 'forbidden'}`;
  if (code === undefined) {
    const reason = (shape.message ?? String(err)).replace(/^error happened in your connection\. Reason: (?:Error: )?/, '');
    return `database ${where} is unreachable: ${reason}`;
  }
  // CouchDB's `reason` alone may be only a document id (413 document_too_large): the error says what.
  const what = shape.error !== undefined && shape.reason !== undefined ? `${shape.error}: ${shape.reason}` : shape.reason ?? shape.error ?? shape.message;
  return `database ${where} answered ${code}: ${what ?? 'no reason given'}`;
}

/** Turns a nano error into a typed one: unavailable (retry) or refused (report). */
export function classifyDatabaseError(err: unknown, where: string): DatabaseUnavailableError | DatabaseRefusedError {
  const message = describeDatabaseError(err, where);
  if (isTransient(err)) return new DatabaseUnavailableError(message);
  return new DatabaseRefusedError(message, statusCodeOf(err) ?? 0);
}
