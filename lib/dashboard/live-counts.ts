// GET /api/events: Server-Sent Events for one open page. A `_changes` feed of its own follows
// the database with the person's cookie (lib/db/changes-feed.ts, the worker's thin longpoll
// feed, from `now`), and a change makes the counts be read again: at most once a second,
// however many changes come. The feed stops when the browser goes, or when the session ends
// (checked with each keep-alive comment).
import type http from 'node:http';
import { ChangesFeed } from '../db/changes-feed';
import type { TasksDatabase } from '../db/connection';
import { statusCounts } from '../db/status-counts';
import { messageOf } from '../log';
import { apiErrorOf } from './database-failure';

export interface LiveCountsOptions {
  /** Whether the session still holds (false ends the stream with an `unauthorized` event). */
  sessionValid: () => Promise<boolean>;
  log: (line: string) => void;
  /** Default 1000: the fewest milliseconds between two `counts` events. */
  minIntervalMs?: number;
  /** Default 15000. */
  keepAliveMs?: number;
}

/** Open streams, so that the dashboard can end them when it stops. */
export class LiveStreams {
  private readonly open = new Set<() => void>();

  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  endAll(): void {
    for (const end of [...this.open]) end();
  }
}

export function streamCounts(req: http.IncomingMessage, res: http.ServerResponse, database: TasksDatabase, streams: LiveStreams, options: LiveCountsOptions): void {
  const minIntervalMs = options.minIntervalMs ?? 1000;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': counts follow the database\n\n');

  let ended = false;
  let lastSentMs = 0;
  let timer: NodeJS.Timeout | null = null;
  let reading: Promise<void> | null = null;
  let again = false;

  const send = (event: string, data: unknown): void => {
    if (!ended) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const readCounts = async (): Promise<void> => {
    lastSentMs = Date.now();
    try {
      send('counts', { counts: await statusCounts(database) });
    } catch (err) {
      const problem = apiErrorOf(err);
      send('problem', { error: problem.code, reason: problem.message });
    }
  };
  // One read at a time; changes during a read ask for one more after it.
  const schedule = (): void => {
    if (ended || timer !== null) return;
    if (reading !== null) {
      again = true;
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      reading = readCounts().finally(() => {
        reading = null;
        if (again) {
          again = false;
          schedule();
        }
      });
    }, Math.max(0, lastSentMs + minIntervalMs - Date.now()));
  };

  const feed = new ChangesFeed(database, {
    since: 'now',
    onBatch: async () => schedule(),
    log: (line) => options.log(`events: ${line}`),
  });
  const keepAlive = setInterval(() => {
    options.sessionValid().then((valid) => {
      if (valid) {
        if (!ended) res.write(': keep-alive\n\n');
        return;
      }
      send('problem', { error: 'unauthorized', reason: 'the session has ended; log in again' });
      end();
    }, (err: unknown) => options.log(`events: cannot check the session: ${messageOf(err)}`));
  }, options.keepAliveMs ?? 15_000);

  const forget = streams.add(() => end());
  function end(): void {
    if (ended) return;
    ended = true;
    forget();
    clearInterval(keepAlive);
    if (timer !== null) clearTimeout(timer);
    feed.stop().catch((err: unknown) => options.log(`events: stopping the feed: ${messageOf(err)}`));
    res.end();
  }
  req.on('close', end);
  res.on('close', end);

  feed.start();
  schedule();
}
