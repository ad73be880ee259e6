// A failed database request as the dashboard answers it: the one-line messages of lib/db and
// lib/api, with the HTTP status that says who must act. Every request to the database is
// made after the session was found valid, so a refusal is about rights, not the login.
import { TaskInvalidError, TaskNotFoundError, TaskStatusError } from '../api/errors';
import { DatabaseRefusedError, DatabaseUnavailableError, SetupNeededError } from '../db/errors';
import { TaskError } from '../task/errors';
import { messageOf } from '../log';
import { ApiError } from './http-io';
import { CouchUnreachableError } from './couch-session';

/**
 * A database's answer that the user logged in may not do this: CouchDB answers 403 to a user it
 * will not serve, the embedded server 401. (An ended session is found by checking it.)
 */
export function isRefusal(err: unknown): boolean {
  return err instanceof DatabaseRefusedError && (err.statusCode === 401 || err.statusCode === 403);
}

export function apiErrorOf(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof TaskNotFoundError) return new ApiError(404, 'not_found', err.message);
  if (err instanceof TaskStatusError) return new ApiError(409, 'conflict', err.message);
  if (err instanceof TaskInvalidError || err instanceof TaskError) return new ApiError(400, 'bad_request', err.message);
  if (err instanceof SetupNeededError) return new ApiError(503, 'setup_needed', err.message);
  if (err instanceof DatabaseRefusedError) {
    if (isRefusal(err)) {
      return new ApiError(403, 'forbidden', `the database does not allow this to the user logged in (it answered ${err.statusCode}); ` +
        'a member of the database reads and writes tasks, an admin also installs the dashboard\'s views');
    }
    if (err.statusCode === 409) return new ApiError(409, 'conflict', err.message);
    if (err.statusCode === 404) return new ApiError(503, 'setup_needed', `${err.message}; run \`after setup\``);
    return new ApiError(502, 'database_refused', err.message);
  }
  if (err instanceof DatabaseUnavailableError || err instanceof CouchUnreachableError) return new ApiError(502, 'database_unavailable', err.message);
  return new ApiError(500, 'internal', messageOf(err));
}
