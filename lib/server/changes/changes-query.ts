// Reads a `_changes` request's parameters as CouchDB 3 does, and refuses the same bad ones (400).
import type PouchDB from 'pouchdb';
import { massageSelector } from 'pouchdb-selector-core';
import { HttpError, badRequest } from '../errors';
import { isJsonObject } from '../json-object';

export type FeedKind = 'normal' | 'longpoll' | 'continuous' | 'eventsource';

/** CouchDB's `[chttpd] changes_timeout`: the longest a live feed waits, and the `heartbeat=true` period. */
export const CHANGES_TIMEOUT_MS = 60_000;

export interface ChangesQuery {
  feed: FeedKind;
  since: PouchDB.Seq | 'now';
  limit: number | undefined;
  /** Milliseconds between heartbeat newlines; a feed with a heartbeat never times out. */
  heartbeatMs: number | undefined;
  /** Milliseconds a live feed waits for a change (used when there is no heartbeat). */
  timeoutMs: number;
  filter: FilterSpec;
  /** Options for PouchDB's changes() about documents and revisions. */
  pouch: PouchDB.ChangesOptions;
}

const FEEDS: Record<string, FeedKind> = {
  normal: 'normal',
  longpoll: 'longpoll',
  continuous: 'continuous',
  live: 'continuous',
  eventsource: 'eventsource',
};

/** The last value of a repeated parameter wins, as on CouchDB. */
function param(query: URLSearchParams, name: string): string | null {
  const values = query.getAll(name);
  return values.length > 0 ? values[values.length - 1] : null;
}

function parseInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new HttpError(400, 'query_parse_error', `Invalid value for integer: ${JSON.stringify(value)} in '${name}'; expected a non-negative integer`);
  }
  return Number(value);
}

function parseSince(value: string | null): PouchDB.Seq | 'now' {
  if (value === null || value === '') return 0;
  if (value === 'now') return 'now';
  if (/^\d+$/.test(value)) return Number(value);
  throw badRequest("Malformed sequence supplied in 'since' parameter.");
}

function parseHeartbeat(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (value === 'true') return CHANGES_TIMEOUT_MS;
  if (!/^-?\d+$/.test(value)) throw badRequest('Invalid heartbeat value. Expecting a positive integer value (in milliseconds).');
  const heartbeat = Number(value);
  if (heartbeat <= 0) throw badRequest('The heartbeat value should be a positive integer (in milliseconds).');
  return Math.min(heartbeat, CHANGES_TIMEOUT_MS);
}

function parseDocIds(query: URLSearchParams, body: Record<string, unknown>): string[] {
  let ids: unknown = body.doc_ids;
  const fromQuery = param(query, 'doc_ids');
  if (fromQuery !== null) {
    try {
      ids = JSON.parse(fromQuery);
    } catch {
      ids = undefined;
    }
  }
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    throw badRequest('`doc_ids` filter parameter is not a list of doc ids.');
  }
  return ids as string[];
}

/** Which documents a feed passes: CouchDB's built-in filters, or a design document's function. */
export type FilterSpec =
  | { kind: 'all' }
  /** The selector as pouchdb-selector-core's massageSelector leaves it, ready to match. */
  | { kind: 'selector'; selector: Record<string, unknown> }
  | { kind: 'doc_ids'; ids: string[] }
  | { kind: 'design' }
  | { kind: 'view'; ddoc: string; name: string }
  | { kind: 'function'; ddoc: string; name: string; query: Record<string, string> };

function splitDesignName(value: string, what: 'filter' | 'view'): [string, string] {
  const match = /^([^/]+)\/([^/]+)$/.exec(value);
  if (!match) throw badRequest(`\`${what}\` parameter must be of the form \`designname/${what}name\``);
  return [match[1], match[2]];
}

function parseFilter(query: URLSearchParams, body: Record<string, unknown>): FilterSpec {
  const filter = param(query, 'filter');
  if (filter === null || filter === '') return { kind: 'all' };
  switch (filter) {
    case '_selector': {
      if (!('selector' in body)) throw badRequest('Selector must be specified in POST payload');
      if (!isJsonObject(body.selector)) throw badRequest('Selector error: expected a JSON object');
      try {
        return { kind: 'selector', selector: massageSelector(body.selector) };
      } catch (err) {
        throw badRequest(`Selector error: ${(err as Error).message}`);
      }
    }
    case '_doc_ids':
      return { kind: 'doc_ids', ids: parseDocIds(query, body) };
    case '_design':
      return { kind: 'design' };
    case '_view': {
      const view = param(query, 'view');
      if (view === null || view === '') throw badRequest('`view` filter parameter is not provided.');
      const [ddoc, name] = splitDesignName(view, 'view');
      return { kind: 'view', ddoc, name };
    }
    default: {
      if (filter.startsWith('_')) throw badRequest('unknown builtin filter name');
      const [ddoc, name] = splitDesignName(filter, 'filter');
      return { kind: 'function', ddoc, name, query: Object.fromEntries(query) };
    }
  }
}

export function parseChangesQuery(query: URLSearchParams, requestBody: unknown): ChangesQuery {
  const body = isJsonObject(requestBody) ? requestBody : {};
  const feedName = param(query, 'feed') ?? 'normal';
  const feed = FEEDS[feedName];
  if (feed === undefined) throw badRequest('Supported `feed` types: normal, continuous, live, longpoll, eventsource');

  const limitParam = param(query, 'limit');
  // CouchDB: "limit=0 behaves like limit=1".
  const limit = limitParam === null ? undefined : Math.max(1, parseInteger('limit', limitParam));
  const timeoutParam = param(query, 'timeout');
  const timeoutMs = timeoutParam === null ? CHANGES_TIMEOUT_MS : Math.min(parseInteger('timeout', timeoutParam), CHANGES_TIMEOUT_MS);
  const style = param(query, 'style');
  if (style !== null && style !== 'main_only' && style !== 'all_docs') throw badRequest('Invalid `style` parameter; use main_only or all_docs');

  const pouch: PouchDB.ChangesOptions = {
    include_docs: param(query, 'include_docs') === 'true',
    conflicts: param(query, 'conflicts') === 'true',
    attachments: param(query, 'attachments') === 'true',
    descending: param(query, 'descending') === 'true',
    ...(style === null ? {} : { style }),
  };
  return {
    feed,
    since: parseSince(param(query, 'since')),
    limit,
    heartbeatMs: parseHeartbeat(param(query, 'heartbeat')),
    timeoutMs,
    filter: parseFilter(query, body),
    pouch,
  };
}
