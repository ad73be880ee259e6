// CouchDB answers `_bulk_docs` with one row per document in the order they were sent, and
// clients (nano users, our BulkWriter) match rows to documents by position. PouchDB 9's
// LevelDB adapter returns the rows of a batch that mixes conflicts and successes out of
// order (measured: 18 rows out of place in 20 batches of 30 with every third a conflict).
// This puts the answer back in request order before it leaves.
import express, { type Request, type Response, type Router } from 'express';

interface Row {
  id?: string;
}

/** The rows reordered to follow `docs`; documents sent without an `_id` take the rows left over, in order. */
export function rowsInRequestOrder(docs: unknown[], rows: Row[]): Row[] {
  if (docs.length !== rows.length) return rows;
  const byId = new Map<string, Row[]>();
  for (const row of rows) {
    if (typeof row.id !== 'string') continue;
    const list = byId.get(row.id) ?? [];
    list.push(row);
    byId.set(row.id, list);
  }
  const used = new Set<Row>();
  const ordered: Array<Row | null> = docs.map((doc) => {
    const id = (doc as { _id?: unknown } | null)?._id;
    const row = typeof id === 'string' ? byId.get(id)?.shift() : undefined;
    if (!row) return null;
    used.add(row);
    return row;
  });
  const rest = rows.filter((row) => !used.has(row));
  return ordered.map((row) => row ?? (rest.shift() as Row));
}

export function bulkDocsOrderRouter(): Router {
  const router = express.Router();
  router.post('/:db/_bulk_docs', (req: Request, res: Response, next) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      res.send = send;
      const docs: unknown = (req.body as { docs?: unknown } | undefined)?.docs;
      if (res.statusCode !== 201 || !Array.isArray(docs) || !(Buffer.isBuffer(body) || typeof body === 'string')) return send(body);
      const rows = JSON.parse(body.toString()) as unknown;
      if (!Array.isArray(rows)) return send(body);
      return send(Buffer.from(JSON.stringify(rowsInRequestOrder(docs, rows as Row[]))));
    };
    next();
  });
  return router;
}
