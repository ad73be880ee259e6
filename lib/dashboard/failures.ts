// GET /api/failures: the tasks in `error`, latest failure first, paged (the search view's 'f' family).
import type { TasksDatabase } from '../db/connection';
import { decodeCursor, encodeCursor } from './cursor';
import { DASHBOARD_VIEWS, type SearchFamily } from './design-doc';
import type { ListPage } from './search';
import { failureSummary, type FailureSummary } from './task-summary';
import { readPage } from './view-page';

export async function failures(database: TasksDatabase, limit: number, cursor: string | null): Promise<ListPage<FailureSummary>> {
  const family: SearchFamily = 'f';
  const startkey = cursor === null ? [family, {}] : decodeCursor(cursor, (key) => key.length === 3 && key[0] === family && typeof key[2] === 'string');
  const page = await readPage(database, DASHBOARD_VIEWS.search, { startkey, endkey: [family], descending: true }, limit);
  return { rows: page.docs.map(failureSummary), next: page.next === null ? null : encodeCursor(page.next) };
}
