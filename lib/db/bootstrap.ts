// Creates the tasks database if missing and installs or upgrades `_design/after`.
// Idempotent and safe when several workers start at once: a 412 on create and a 409 on
// the design document mean another process got there first, and we look again.
import type { TasksDatabase } from './connection';
import { designDoc, DESIGN_DOC_ID, type DesignDoc } from './design-doc';
import { classifyDatabaseError, statusCodeOf } from './errors';
import { installDesignDoc } from './install-design-doc';

export interface BootstrapReport {
  createdDatabase: boolean;
  /** `installed`, `upgraded` or `current`. */
  designDoc: 'installed' | 'upgraded' | 'current';
  /** Whether the database now refuses invalid tasks itself (403). */
  validateOnWrite: boolean;
}

export interface BootstrapOptions {
  /**
   * Install or remove `validate_doc_update`. When absent, the database keeps what it has
   * (off for a new database, and for a design document of an After without this setting).
   */
  validateOnWrite?: boolean;
}

export async function bootstrap(database: TasksDatabase, options: BootstrapOptions = {}): Promise<BootstrapReport> {
  const createdDatabase = await ensureDatabase(database);
  const { state, validateOnWrite } = await ensureDesignDoc(database, options);
  return { createdDatabase, designDoc: state, validateOnWrite };
}

async function ensureDatabase(database: TasksDatabase): Promise<boolean> {
  try {
    await database.server.db.create(database.name);
    return true;
  } catch (err) {
    if (statusCodeOf(err) === 412) return false; // exists
    throw classifyDatabaseError(err, database.where);
  }
}

async function ensureDesignDoc(database: TasksDatabase, options: BootstrapOptions): Promise<{ state: BootstrapReport['designDoc']; validateOnWrite: boolean }> {
  let validateOnWrite = false;
  const state = await installDesignDoc<DesignDoc>(database, DESIGN_DOC_ID, (stored) => {
    validateOnWrite = options.validateOnWrite ?? stored?.after_validate_on_write === true;
    return designDoc({ validateOnWrite });
  });
  return { state, validateOnWrite };
}
