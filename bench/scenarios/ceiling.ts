// 1. ceiling: the server's own `_bulk_docs` update rate, without a worker: task documents
// are created, then updated as a worker would, claim-like (`running` with a lease) then
// finish-like (`done` with result and history), each with the `_rev` it read, in batches of
// 1,000, one request after the other. Measured twice: on a database prepared with
// `after setup`, whose validate_doc_update runs on every write as on the workers' database
// (the ceiling a worker can reach), and on a bare database (the server's raw rate).
import { writeEmptyConfig } from '../support/after-cli';
import type { CouchClient } from '../support/couch-client';
import type { Measurement, RunResult, Scenario, ScenarioContext } from '../support/scenario';
import { noopTask, POST_BATCH, type TaskBody } from '../support/task-poster';

const TASKS = 20_000;
const PROCESS = 'bench-ceiling';

/** The figure the throughput ratio is taken against. */
export const CEILING_FIGURE = 'updates/s, After\'s database';

interface StoredTask extends TaskBody {
  _id: string;
  _rev: string;
  [field: string]: unknown;
}

interface BulkRow {
  id: string;
  rev?: string;
  error?: string;
  reason?: string;
}

interface Rates {
  updatesPerSecond: number;
  createsPerSecond: number;
}

export const ceiling: Scenario = {
  name: 'ceiling',
  title: '_bulk_docs update rate of the server alone (claim-like then finish-like updates with _rev, batches of 1,000)',
  async run(context: ScenarioContext): Promise<RunResult> {
    const count = Math.round(TASKS * context.scale);
    const withDesign = await measureRates(context, `bench_ceiling_${context.run}`, count, true);
    const bare = await measureRates(context, `bench_ceiling_bare_${context.run}`, count, false);
    const measurements: Measurement[] = [
      { figure: CEILING_FIGURE, unit: 'updates/s', value: withDesign.updatesPerSecond },
      { figure: 'updates/s, bare database', unit: 'updates/s', value: bare.updatesPerSecond },
      { figure: 'new tasks/s, After\'s database', unit: 'docs/s', value: withDesign.createsPerSecond },
      { figure: 'new tasks/s, bare database', unit: 'docs/s', value: bare.createsPerSecond },
    ];
    return { measurements };
  },
};

async function measureRates(context: ScenarioContext, name: string, count: number, setup: boolean): Promise<Rates> {
  const db = await context.couch.newDatabase(name, writeEmptyConfig(context.dir), setup);
  try {
    const client = context.couch.client;
    const dateMs = Date.now() + 86_400_000;
    const createStart = Date.now();
    let tasks = await writeAll(client, db.db, Array.from({ length: count }, () => noopTask('ceiling', dateMs) as StoredTask));
    const createMs = Date.now() - createStart;

    const updateStart = Date.now();
    tasks = await writeAll(client, db.db, tasks.map((task) => ({
      ...task,
      status: 'running',
      lease: { by: PROCESS, until: new Date(Date.now() + 30_000).toISOString() },
      started_at: new Date().toISOString(),
      attempts: 1,
    })));
    await writeAll(client, db.db, tasks.map(({ lease: _lease, ...task }) => ({
      ...task,
      status: 'done',
      result: true,
      runs: 1,
      finished_at: new Date().toISOString(),
      duration: 0,
      history: [{ started_at: task.started_at, duration: 0, outcome: 'done', by: PROCESS }],
    } as StoredTask)));
    const updateMs = Date.now() - updateStart;
    return { updatesPerSecond: (2 * count) / (updateMs / 1000), createsPerSecond: count / (createMs / 1000) };
  } finally {
    await db.drop();
  }
}

/** Writes `docs` in batches of 1,000 and returns them with their new `_id` and `_rev`. */
async function writeAll(client: CouchClient, db: string, docs: StoredTask[]): Promise<StoredTask[]> {
  const written: StoredTask[] = [];
  for (let start = 0; start < docs.length; start += POST_BATCH) {
    const batch = docs.slice(start, start + POST_BATCH);
    const rows = await client.json<BulkRow[]>('POST', `/${db}/_bulk_docs`, { docs: batch });
    // New documents (no id yet) are matched by position; updates by id, as a server may reorder its answer.
    const byId = new Map(rows.map((row) => [row.id, row]));
    batch.forEach((doc, index) => {
      const row = doc._id === undefined ? rows[index] : byId.get(doc._id);
      if (!row?.rev) throw new Error(`_bulk_docs refused a document: ${row?.error}: ${row?.reason ?? ''}`);
      written.push({ ...doc, _id: row.id, _rev: row.rev });
    });
  }
  return written;
}
