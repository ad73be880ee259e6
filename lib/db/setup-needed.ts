// A 404 from the tasks database or its design document: nobody has prepared it yet.
import type { TasksDatabase } from './connection';
import { DESIGN_DOC_ID } from './design-doc';
import { classifyDatabaseError, DatabaseRefusedError, DatabaseUnavailableError, SetupNeededError, statusCodeOf } from './errors';

/**
 * A failed request (a nano error, or one classifyDatabaseError made) as a typed error:
 * SetupNeededError for a 404, otherwise what classifyDatabaseError says.
 */
export function setupNeededOr(err: unknown, database: TasksDatabase): Error {
  if (statusCodeOf(err) === 404) {
    return new SetupNeededError(`database ${database.where} or its design document ${DESIGN_DOC_ID} does not exist; ` +
      'run `after setup`, or start a worker (`after start <name>`), which creates them');
  }
  if (err instanceof DatabaseUnavailableError || err instanceof DatabaseRefusedError) return err;
  return classifyDatabaseError(err, database.where);
}
