// The dashboard's views must be in the database, at this version, before a list reads them.
// The first request of each dashboard process checks (one read when they are current) and
// installs or upgrades them with the person's session when that person may write design
// documents; anyone else is told how to get them installed.
import type { TasksDatabase } from '../db/connection';
import { DatabaseRefusedError } from '../db/errors';
import { DASHBOARD_DESIGN_DOC_ID } from './design-doc';
import { ApiError } from './http-io';
import { installDashboardViews } from './install-views';

/** Whether the person may read the database at all (a 403 at install may be for reading, not for writing a design document). */
async function mayRead(database: TasksDatabase): Promise<boolean> {
  try {
    await database.db.info();
    return true;
  } catch {
    return false;
  }
}

export class ViewsGate {
  private current = false;

  constructor(private readonly log: (line: string) => void) {}

  async ensure(database: TasksDatabase, user: string): Promise<void> {
    if (this.current) return;
    try {
      const state = await installDashboardViews(database);
      if (state !== 'current') this.log(`${DASHBOARD_DESIGN_DOC_ID} ${state} in ${database.where} with the session of ${user}`);
    } catch (err) {
      if (!(err instanceof DatabaseRefusedError) || (err.statusCode !== 401 && err.statusCode !== 403) || !(await mayRead(database))) throw err;
      throw new ApiError(503, 'setup_needed', `the dashboard's views (${DASHBOARD_DESIGN_DOC_ID}) are missing or outdated in database ${database.where}, ` +
        `and ${user} may not write design documents there; log in once as a database admin, or run \`after setup --dashboard\``);
    }
    this.current = true;
  }
}
