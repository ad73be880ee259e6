// `_design/after`: what CouchDB itself indexes for After, and, when asked for
// (`validate_on_write`), enforces. The functions run inside CouchDB's JavaScript engine, so
// they are built from taskRulesSource, the self-contained ES5 source of the task rules (the
// same functions the worker runs, composed the same way: lib/task/rules.ts), never retyped.
//
// Validation at write is off by default: on CouchDB 3.5 any `validate_doc_update` sends every
// written document to the JavaScript engine, which makes `_bulk_docs` several times slower
// (docs/COUCHDB.md, "Writes and validation").
// Without it, clients of the project refuse an invalid task before writing it, and the worker
// marks one written by anyone else `error`, with the same reason.
import crypto from 'node:crypto';
import { taskRulesSource } from '../task/rules';
import { HEARTBEAT_ID_PREFIX } from './heartbeats';
import { FINAL_STATUSES } from '../task/types';

export const DESIGN_DOC_ID = '_design/after';

/** View names, for the code that queries them. */
export const VIEWS = {
  /**
   * The worker's two queries that need the rules, one key family each (WORKER_KEYS): one view,
   * so that CouchDB compiles the rules once per index update, not once per view
   * (docs/COUCHDB.md, "One view for the worker's queries").
   */
  workerKeys: 'worker_keys',
  /**
   * Running tasks, key [worker, lease end ms]: where expired leases are swept from. Its own
   * view, without the rules: on the embedded server each view is indexed when it is queried,
   * and the sweep, every half lease, then maps only this cheap function.
   */
  runningByLease: 'running_by_lease',
  /** Every task, key [worker, status]; reduce `_count` gives counts by worker and status. */
  byWorkerStatus: 'by_worker_status',
} as const;

/** The key families of the worker_keys view: the first element of every key. */
export const WORKER_KEYS = {
  /**
   * Open tasks (any status but done, error and canceled: a status that is none is the worker's
   * to mark `error`), key ['open', worker, date ms, id]; a date without offset in a zone at the
   * earliest it can be (the rules' windowMs).
   */
  open: 'open',
  /**
   * Tasks in a final status, key 'expiry' then the rules' retentionKey: ['expiry', worker, 'ttl',
   * end + ttl ms] or ['expiry', worker, 'default', end ms]: where the ttl sweep finds the tasks
   * to delete (expired-tasks.ts).
   */
  expiry: 'expiry',
} as const;

export interface DesignDoc {
  _id: string;
  _rev?: string;
  language: 'javascript';
  /** A hash of the functions: the worker installs its own when the stored one differs. */
  after_version: string;
  /** Whether `validate_doc_update` is installed: kept as set by `after setup` or the config. */
  after_validate_on_write: boolean;
  validate_doc_update?: string;
  views: Record<string, { map: string; reduce?: string }>;
}

const finalStatuses = JSON.stringify(FINAL_STATUSES);
const rulesSource = taskRulesSource;

// A document already marked `error` is not checked again: that is how the worker marks
// a malformed task that was stored before this validation existed, or came in by replication.
// A worker process's heartbeat (heartbeats.ts) is no task.
// It declares only `newDoc`: the embedded server then reads no stored document to validate
// a write (lib/server/validation), and the rules need none.
const validateDocUpdate = `function (newDoc) {
  if (newDoc._deleted || newDoc.status === 'error' || String(newDoc._id).indexOf(${JSON.stringify(HEARTBEAT_ID_PREFIX)}) === 0) return;
  var problem = (${rulesSource})().checkTask(newDoc);
  if (problem) throw({ forbidden: problem });
}`;

// A map that needs the rules builds them once, when the JavaScript engine compiles it, not for
// every document: built per document, they made indexing ~1.5 times slower once the rules grew
// (docs/COUCHDB.md, "Indexing: the rules built once"). CouchDB's couchjs compiles every map of
// a design document again at each index update, and PouchDB evaluates the source once per
// query: so as few maps as can carry the rules (docs/COUCHDB.md, "One view for the worker's
// queries"). The source is an expression whose value is the map function, which both engines
// accept. `prelude` (function declarations only) is evaluated with it, once.
export function mapWithRules(body: string, prelude = ''): string {
  return `(function () {
  var rules = (${rulesSource})();${prelude}
  return function (doc) {
${body}
  };
})()`;
}

// The id ends an open task's key so that every such key is unique: pages are read by key
// alone, because PouchDB ignores CouchDB's startkey_docid.
const workerKeys = mapWithRules(`
    if (typeof doc.worker !== 'string') return;
    if (${finalStatuses}.indexOf(doc.status) === -1) {
      emit([${JSON.stringify(WORKER_KEYS.open)}, doc.worker, rules.windowMs(doc), doc._id], null);
      return;
    }
    var key = rules.retentionKey(doc);
    if (key) emit([${JSON.stringify(WORKER_KEYS.expiry)}].concat(key), null);`);

// Workers write lease.until as ISO 8601 in UTC (lib/worker/transitions.ts), which Date.parse
// reads the same in every engine. Any other value sorts first (null): the sweep then reads that
// task's lease with the rules themselves before it does anything (decide in lib/worker).
const runningByLease = `function (doc) {
  if (typeof doc.worker !== 'string' || doc.status !== 'running') return;
  var until = doc.lease !== null && typeof doc.lease === 'object' ? doc.lease.until : null;
  var ms = typeof until === 'string' && /Z$/.test(until) ? Date.parse(until) : NaN;
  emit([doc.worker, isFinite(ms) ? ms : null], null);
}`;

const byWorkerStatus = `function (doc) {
  if (typeof doc.worker !== 'string') return;
  emit([doc.worker, doc.status || 'waiting'], null);
}`;

export interface DesignDocOptions {
  /** Install `validate_doc_update`, so that CouchDB refuses an invalid task with 403. */
  validateOnWrite: boolean;
}

export function designDoc(options: DesignDocOptions): DesignDoc {
  const body = {
    language: 'javascript' as const,
    after_validate_on_write: options.validateOnWrite,
    ...(options.validateOnWrite ? { validate_doc_update: validateDocUpdate } : {}),
    views: {
      [VIEWS.workerKeys]: { map: workerKeys },
      [VIEWS.runningByLease]: { map: runningByLease },
      [VIEWS.byWorkerStatus]: { map: byWorkerStatus, reduce: '_count' },
    },
  };
  const version = crypto.createHash('sha1').update(JSON.stringify(body)).digest('hex').slice(0, 12);
  return { _id: DESIGN_DOC_ID, after_version: version, ...body };
}
