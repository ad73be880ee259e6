// The four `_changes` feed types, answered as CouchDB 3 answers them.
import type { Request, Response } from 'express';
import type PouchDB from 'pouchdb';
import { HttpError } from '../errors';
import { sendHttpError } from '../http-json';
import type { UserContext } from '../user-context';
import { filterOptions } from './change-filter';
import type { ChangesQuery } from './changes-query';
import { coreChanges } from './core-methods';
import { fromStoreOr, type RawLevelStore } from '../leveldb-store';
import { isPlainRequest, readChanges, type PlainChangesRequest } from './leveldb-changes';
import { LiveFeed } from './live-feed';
import type { OpenFeeds } from './open-feeds';

export interface FeedContext {
  req: Request;
  res: Response;
  db: PouchDB.Database;
  query: ChangesQuery;
  user: UserContext;
  openFeeds: OpenFeeds;
  /** The database's LevelDB store, when it is open in this process: past changes are read from it directly. */
  rawStore: RawLevelStore | null;
}

/** CouchDB 3 sends JSON as application/json whatever the client accepts. */
const JSON_CONTENT_TYPE = 'application/json';

function writeLine(res: Response, text: string): void {
  if (!res.writableEnded && !res.destroyed) res.write(text);
}

function startStream(ctx: FeedContext, contentType: string): void {
  ctx.res.status(200);
  ctx.res.setHeader('Content-Type', contentType);
  ctx.res.setHeader('Cache-Control', 'must-revalidate');
  ctx.res.flushHeaders();
}

function errorBody(error: HttpError | PouchDB.PouchError): { error: string; reason: string } {
  if (error instanceof HttpError) return { error: error.error, reason: error.reason };
  return { error: error.name, reason: error.reason ?? error.message };
}

/** Filter options whose failures are kept, to answer with after PouchDB returns. */
async function failableFilter(ctx: FeedContext): Promise<{ options: PouchDB.ChangesOptions; failure: () => HttpError | null }> {
  let failure: HttpError | null = null;
  const options = await filterOptions(ctx.db, ctx.query.filter, ctx.user, (error) => { failure ??= error; });
  return { options, failure: () => failure };
}

async function resolveSince(db: PouchDB.Database, since: ChangesQuery['since']): Promise<PouchDB.Seq> {
  return since === 'now' ? (await db.info()).update_seq : since;
}

/** The changes already written since `options.since`, read from the store directly when the request allows. */
async function pastChanges(ctx: FeedContext, options: PouchDB.ChangesOptions): Promise<PouchDB.ChangesResponse> {
  const store = isPlainRequest(options) ? ctx.rawStore : null;
  return fromStoreOr(store, (plain) => readChanges(plain, options as PlainChangesRequest), () => coreChanges(ctx.db, options));
}

export async function serveNormalFeed(ctx: FeedContext): Promise<void> {
  const { query } = ctx;
  const filter = await failableFilter(ctx);
  const response = await pastChanges(ctx, { ...query.pouch, ...filter.options, since: query.since, limit: query.limit });
  const failure = filter.failure();
  if (failure) throw failure;
  sendBody(ctx, { results: response.results, last_seq: response.last_seq });
}

function sendBody(ctx: FeedContext, body: unknown): void {
  if (!ctx.res.headersSent) {
    ctx.res.status(200);
    ctx.res.setHeader('Content-Type', JSON_CONTENT_TYPE);
    ctx.res.setHeader('Cache-Control', 'must-revalidate');
  }
  ctx.res.end(`${JSON.stringify(body)}\n`);
}

/** Answers at once if there are changes; else waits for the first one, or `timeout` ms. */
export async function serveLongpollFeed(ctx: FeedContext): Promise<void> {
  const { query, res } = ctx;
  const filter = await failableFilter(ctx);
  const first = await pastChanges(ctx, { ...query.pouch, ...filter.options, since: query.since, limit: query.limit });
  const firstFailure = filter.failure();
  if (firstFailure) throw firstFailure;
  if (first.results.length > 0 || res.destroyed) {
    sendBody(ctx, { results: first.results, last_seq: first.last_seq });
    return;
  }

  const results: PouchDB.Change[] = [];
  const limit = query.limit ?? Infinity;
  let finishScheduled = false;
  const finish = (): void => {
    feed.stop();
    const failure = filter.failure();
    if (failure && !res.headersSent) {
      sendHttpError(res, failure);
      return;
    }
    const lastSeq = results.length > 0 ? results[results.length - 1].seq : first.last_seq;
    sendBody(ctx, { results, last_seq: lastSeq });
  };
  const feed = new LiveFeed(res, ctx.openFeeds, query, {
    change(change) {
      if (results.length >= limit) return;
      results.push(change);
      // Changes written together arrive together: answer with all of them.
      if (!finishScheduled) {
        finishScheduled = true;
        setImmediate(finish);
      }
    },
    timeout: finish,
    heartbeat() {
      if (!res.headersSent) startStream(ctx, JSON_CONTENT_TYPE);
      writeLine(res, '\n');
    },
    ended: (error) => {
      if (error && !res.headersSent) {
        feed.stop();
        sendHttpError(res, new HttpError(error.status ?? 500, errorBody(error).error, errorBody(error).reason));
      } else {
        finish();
      }
    },
  });
  // A filter that throws on the live part ends the request with its error.
  const { descending: _descending, ...live } = query.pouch;
  feed.start(ctx.db, { ...live, ...guardedFilter(filter, finish), since: first.last_seq });
}

/** The same filter options, calling `onFailure` right after the filter first fails. */
function guardedFilter(filter: { options: PouchDB.ChangesOptions; failure: () => HttpError | null }, onFailure: () => void): PouchDB.ChangesOptions {
  const predicate = filter.options.filter;
  if (typeof predicate !== 'function') return filter.options;
  let reported = false;
  return {
    ...filter.options,
    filter: (doc) => {
      const passes = predicate(doc);
      if (!reported && filter.failure() !== null) {
        reported = true;
        setImmediate(onFailure);
      }
      return passes;
    },
  };
}

interface StreamFraming {
  contentType: string;
  change(change: PouchDB.Change): string;
  heartbeat: string;
  end(lastSeq: PouchDB.Seq): string;
  error(error: { error: string; reason: string }): string;
}

const CONTINUOUS: StreamFraming = {
  contentType: JSON_CONTENT_TYPE,
  change: (change) => `${JSON.stringify(change)}\n`,
  heartbeat: '\n',
  end: (lastSeq) => `${JSON.stringify({ last_seq: lastSeq })}\n`,
  error: (error) => `${JSON.stringify(error)}\n`,
};

const EVENTSOURCE: StreamFraming = {
  contentType: 'text/event-stream',
  change: (change) => `data: ${JSON.stringify(change)}\nid: ${String(change.seq)}\n\n`,
  heartbeat: 'event: heartbeat\ndata: \n\n',
  end: () => '',
  error: (error) => `event: error\ndata: ${JSON.stringify(error)}\n\n`,
};

/** One line per change, as they happen, until the client leaves, `limit`, or the timeout. */
export async function serveStreamFeed(ctx: FeedContext): Promise<void> {
  const { query, res } = ctx;
  const framing = query.feed === 'eventsource' ? EVENTSOURCE : CONTINUOUS;
  const filter = await failableFilter(ctx);
  let lastSeq = await resolveSince(ctx.db, query.since);
  let sent = 0;
  const limit = query.limit ?? Infinity;

  const finish = (error: HttpError | PouchDB.PouchError | null): void => {
    feed.stop();
    if (error) writeLine(res, framing.error(errorBody(error)));
    writeLine(res, framing.end(lastSeq));
    if (!res.writableEnded) res.end();
  };
  const feed = new LiveFeed(res, ctx.openFeeds, query, {
    change(change) {
      if (sent >= limit) return;
      sent += 1;
      lastSeq = change.seq;
      writeLine(res, framing.change(change));
      if (sent >= limit) finish(null);
    },
    timeout: () => finish(null),
    heartbeat: () => writeLine(res, framing.heartbeat),
    ended: (error) => finish(error),
  });
  startStream(ctx, framing.contentType);
  const { descending: _descending, ...live } = query.pouch;
  feed.start(ctx.db, { ...live, ...guardedFilter(filter, () => finish(filter.failure())), since: lastSeq });
}
