// Sends fuzz cases, a few at a time, and notes each answer and which documents were stored.
import type { FuzzCase, FuzzRequest } from './fuzz-cases';
import type { FuzzTarget } from './fuzz-target';
import type { StoredCase } from './fuzz-verdict';

const IN_FLIGHT = 8;

export interface Sent {
  /** Requests answered, by HTTP status. */
  answers: Map<number, number>;
  /** Documents refused inside a _bulk_docs that was answered 201, by CouchDB's error. */
  refusedInBatch: Map<string, number>;
  stored: StoredCase[];
  /** The 5xx answers, by the kind of case that drew them: how many, and the first one (answer and request). */
  serverErrors: Map<string, { count: number; first: string }>;
}

type Row = { id?: string; ok?: boolean; error?: string };

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The documents a request sent, in order; a body that is not a JSON document sends none. */
function sentDocuments(request: FuzzRequest): Array<Record<string, unknown>> {
  const body = parse(request.body);
  const isDocument = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (request.path === '/_bulk_docs') {
    const docs = isDocument(body) ? body.docs : undefined;
    return Array.isArray(docs) ? docs.map((doc) => (isDocument(doc) ? doc : {})) : [];
  }
  return isDocument(body) ? [body] : [];
}

export async function sendCases(target: FuzzTarget, cases: FuzzCase[]): Promise<Sent> {
  const sent: Sent = { answers: new Map(), refusedInBatch: new Map(), stored: [], serverErrors: new Map() };
  const count = <K>(map: Map<K, number>, key: K): void => { map.set(key, (map.get(key) ?? 0) + 1); };

  const sendOne = async (one: FuzzCase): Promise<void> => {
    const request = one.build(Date.now());
    const response = await fetch(`${target.base}/${target.db}${request.path}`, {
      method: request.method,
      headers: { authorization: target.authorization, 'content-type': request.contentType, accept: 'application/json' },
      body: request.body,
    });
    const text = await response.text();
    count(sent.answers, response.status);
    if (response.status >= 500) {
      const seen = sent.serverErrors.get(one.label);
      if (seen) seen.count += 1;
      else sent.serverErrors.set(one.label, { count: 1, first: `${response.status} ${text.trim().slice(0, 300)} to ${request.method} ${request.path || '/'} ${request.body.slice(0, 200)}` });
    }
    if (response.status !== 201 && response.status !== 202) return;
    const answer = parse(text);
    const docs = sentDocuments(request);
    const rows: Row[] = Array.isArray(answer) ? answer as Row[] : [answer as Row];
    rows.forEach((row, i) => {
      if (row.ok && row.id !== undefined) sent.stored.push({ id: row.id, kind: one.kind, label: one.label, sent: { ...docs[i], _id: row.id } });
      else if (row.error) count(sent.refusedInBatch, row.error);
    });
  };

  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < cases.length) await sendOne(cases[next++]);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return sent;
}
