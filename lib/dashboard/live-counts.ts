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
import { apiErrorOf, isRefusal } from './database-failure';

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
/** How long after a read that changes asked for one more read confirms the counts. */
const SETTLE_MS = 2000;

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
  let lastCounts = '';
  let timer: NodeJS.Timeout | null = null;
  let settle: NodeJS.Timeout | null = null;
  let reading: Promise<void> | null = null;
  let again = false;
  /** Changes came since the last read began. */
  let changed = false;

  const send = (event: string, data: string): void => {
    if (!ended) res.write(`event: ${event}\ndata: ${data}\n\n`);
  };
  // On a cluster a view may answer from a copy that a write has not reached yet: a read after
  // changes is followed by one more, SETTLE_MS later, so that the counts shown converge.
  const readCounts = async (): Promise<void> => {
    const afterChanges = changed;
    changed = false;
    lastSentMs = Date.now();
    try {
      const counts = JSON.stringify({ counts: await statusCounts(database) });
      if (counts !== lastCounts) send('counts', counts);
      lastCounts = counts;
    } catch (err) {
      // The session was checked when the stream opened, not before this read: a refusal may
      // mean that it has ended since (a changed password), which the page must be told as such.
      if (isRefusal(err) && !(await options.sessionValid().catch(() => true))) {
        sessionEnded();
        return;
      }
      const problem = apiErrorOf(err);
      send('problem', JSON.stringify({ error: problem.code, reason: problem.message }));
    }
    if (afterChanges && !ended) {
      if (settle !== null) clearTimeout(settle);
      settle = setTimeout(() => {
        settle = null;
        schedule();
      }, SETTLE_MS);
    }
  };
  // One read at a time; changes during a read ask for one more after it.
  function schedule(): void {
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
  }

  const feed = new ChangesFeed(database, {
    since: 'now',
    onBatch: async () => {
      changed = true;
      schedule();
    },
    log: (line) => options.log(`events: ${line}`),
  });
  const keepAlive = setInterval(() => {
    options.sessionValid().then((valid) => {
      if (valid) {
        if (!ended) res.write(': keep-alive\n\n');
        return;
      }
      sessionEnded();
    }, (err: unknown) => options.log(`events: cannot check the session: ${messageOf(err)}`));
  }, options.keepAliveMs ?? 15_000);

  function sessionEnded(): void {
    send('problem', JSON.stringify({ error: 'unauthorized', reason: 'the session has ended; log in again' }));
    end();
  }

  const forget = streams.add(() => end());
  function end(): void {
    if (ended) return;
    ended = true;
    forget();
    clearInterval(keepAlive);
    if (timer !== null) clearTimeout(timer);
    if (settle !== null) clearTimeout(settle);
    feed.stop().catch((err: unknown) => options.log(`events: stopping the feed: ${messageOf(err)}`));
    res.end();
  }
  req.on('close', end);
  res.on('close', end);

  feed.start();
  schedule();
}
