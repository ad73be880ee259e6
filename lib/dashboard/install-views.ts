// Installs or upgrades `_design/after-dashboard` (./design-doc.ts) in a tasks database, as
// `after setup --dashboard` does with the config's credentials and the dashboard does with the
// session of a person allowed to write design documents (a database admin).
import type { TasksDatabase } from '../db/connection';
import { installDesignDoc, type DesignDocState } from '../db/install-design-doc';
import { dashboardDesignDoc, DASHBOARD_DESIGN_DOC_ID } from './design-doc';

/** Installs the dashboard's views, or upgrades them when the stored version differs. Throws a classified error (403 for a non-admin). */
export function installDashboardViews(database: TasksDatabase): Promise<DesignDocState> {
  return installDesignDoc(database, DASHBOARD_DESIGN_DOC_ID, () => dashboardDesignDoc());
}
