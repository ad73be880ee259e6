// GET /api/failures: the tasks in `error`, latest failure first, paged (the failures view).
import type { TasksDatabase } from '../db/connection';
import { decodeCursor, encodeCursor } from './cursor';
import { DASHBOARD_VIEWS } from './design-doc';
import type { ListPage } from './search';
import { failureSummary, type FailureSummary } from './task-summary';
import { readPage } from './view-page';

export async function failures(database: TasksDatabase, limit: number, cursor: string | null): Promise<ListPage<FailureSummary>> {
  const startkey = cursor === null ? undefined : decodeCursor(cursor, (key) => key.length === 2 && typeof key[1] === 'string');
  const page = await readPage(database, DASHBOARD_VIEWS.failures, { startkey, descending: true }, limit);
  return { rows: page.docs.map(failureSummary), next: page.next === null ? null : encodeCursor(page.next) };
}
