// Installs a design document, or upgrades it when the stored one's `after_version` differs.
// Safe when several processes do it at once: a 409 means another got there first, and the
// stored one is read again and compared.
import type { TasksDatabase } from './connection';
import { classifyDatabaseError, isConflict, isNotFound } from './errors';

export type DesignDocState = 'installed' | 'upgraded' | 'current';

export interface VersionedDesignDoc {
  _id: string;
  _rev?: string;
  /** A hash of what the document holds. */
  after_version: string;
}

/** `wanted` decides the document from the stored one (null when there is none). Throws a classified error. */
export async function installDesignDoc<T extends VersionedDesignDoc>(database: TasksDatabase, id: string, wanted: (stored: T | null) => T): Promise<DesignDocState> {
  const db = database.db as unknown as { get(id: string): Promise<T>; insert(doc: T): Promise<unknown> };
  for (;;) {
    let stored: T | null = null;
    try {
      stored = await db.get(id);
    } catch (err) {
      if (!isNotFound(err)) throw classifyDatabaseError(err, database.where);
    }
    const doc = wanted(stored);
    if (stored && stored.after_version === doc.after_version) return 'current';
    try {
      await db.insert(stored ? { ...doc, _rev: stored._rev } : doc);
      return stored ? 'upgraded' : 'installed';
    } catch (err) {
      if (!isConflict(err)) throw classifyDatabaseError(err, database.where);
    }
  }
}
