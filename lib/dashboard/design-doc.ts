// `_design/after-dashboard`: the dashboard's own views, kept out of `_design/after` so that
// the index the workers query (and the benchmark measures) does not grow for a page they do
// not serve. CouchDB builds a design document's views together, in one pass over the changes.
// Written for both engines (CouchDB's QuickJS or SpiderMonkey, the embedded server's
// couchdb-eval): ES5, and dates read by the task rules themselves (mapWithRules).
import crypto from 'node:crypto';
import { mapWithRules } from '../db/design-doc';
import { jobNames } from './job-label';

export const DASHBOARD_DESIGN = 'after-dashboard';
export const DASHBOARD_DESIGN_DOC_ID = `_design/${DASHBOARD_DESIGN}`;

export const DASHBOARD_VIEWS = {
  /**
   * Every task, several keys each, so that the common searches are one key range, ordered by
   * date (the rules' windowMs, as `open_by_worker_date`) and ended by the id (unique keys: pages
   * are read by key alone, as PouchDB ignores startkey_docid):
   * ['d', ms, id], ['w', worker, ms, id], ['s', status, ms, id], ['ws', worker, status, ms, id],
   * and ['j', job name, ms, id] per job name (a chain's steps' each) with the value
   * [worker, status], for a search by job that also names a worker or a status.
   * Tasks in `error` also have ['f', error.at ms, id]: the latest failures, read in descending
   * order. One view, so that CouchDB compiles the rules once per index update, not once per
   * view (docs/COUCHDB.md, "One view for the worker's queries").
   */
  search: 'search',
  /** One row per run that says when it was due (RunRecord.due), key [started_at ms, id], value the start lateness in ms. */
  lateness: 'lateness',
} as const;

/** The search view's key families ('f': the failures). */
export type SearchFamily = 'd' | 'w' | 's' | 'ws' | 'j' | 'f';

export interface DashboardDesignDoc {
  _id: string;
  _rev?: string;
  language: 'javascript';
  /** A hash of the views: the dashboard (or `after setup --dashboard`) installs its own when the stored one differs. */
  after_version: string;
  views: Record<string, { map: string }>;
}

const search = mapWithRules(`
    if (typeof doc.worker !== 'string') return;
    var status = doc.status || 'waiting';
    var ms = rules.windowMs(doc);
    emit(['d', ms, doc._id], null);
    emit(['w', doc.worker, ms, doc._id], null);
    emit(['s', status, ms, doc._id], null);
    emit(['ws', doc.worker, status, ms, doc._id], null);
    var names = jobNames(doc.job);
    for (var i = 0; i < names.length; i++) emit(['j', names[i], ms, doc._id], [doc.worker, status]);
    if (status !== 'error') return;
    var at = doc.error !== null && typeof doc.error === 'object' ? rules.dateMs(doc.error.at) : null;
    emit(['f', at === null ? rules.dateMs(doc.finished_at) : at, doc._id], null);`, `
  var jobNames = ${jobNames.toString()};`);

// Workers write started_at and due as ISO 8601 in UTC (lib/worker/transitions.ts): Date.parse reads them.
const lateness = `function (doc) {
  if (typeof doc.worker !== 'string' || Object.prototype.toString.call(doc.history) !== '[object Array]') return;
  for (var i = 0; i < doc.history.length; i++) {
    var run = doc.history[i];
    if (run === null || typeof run !== 'object' || typeof run.due !== 'string' || typeof run.started_at !== 'string') continue;
    var started = Date.parse(run.started_at);
    var due = Date.parse(run.due);
    if (isFinite(started) && isFinite(due)) emit([started, doc._id], started - due);
  }
}`;

export function dashboardDesignDoc(): DashboardDesignDoc {
  const body = {
    language: 'javascript' as const,
    views: {
      [DASHBOARD_VIEWS.search]: { map: search },
      [DASHBOARD_VIEWS.lateness]: { map: lateness },
    },
  };
  const version = crypto.createHash('sha1').update(JSON.stringify(body)).digest('hex').slice(0, 12);
  return { _id: DASHBOARD_DESIGN_DOC_ID, after_version: version, ...body };
}
