// The dashboard's API as the page uses it, for the API tests: JSON requests with the session
// cookie the dashboard set at login, and its event stream.
import { couchRequest, type CouchAnswer } from '../support/couch-request';

export class DashboardApi {
  /** The AuthSession cookie (`AuthSession=...`), once logged in. */
  cookie: string | null = null;

  /** `url`: the dashboard's base, e.g. http://127.0.0.1:5985/ */
  constructor(readonly url: string) {}

  request(method: string, path: string, body?: unknown, cookie = this.cookie): Promise<CouchAnswer> {
    return couchRequest(this.url.replace(/\/$/, ''), method, path, { body, headers: cookie ? { cookie } : {} });
  }

  get(path: string): Promise<CouchAnswer> {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown): Promise<CouchAnswer> {
    return this.request('POST', path, body ?? {});
  }

  /** Logs in and keeps the cookie; returns the answer. */
  async logIn(name: string, password: string): Promise<CouchAnswer> {
    const answer = await this.request('POST', '/api/session', { name, password }, null);
    const setCookie = answer.headers.getSetCookie().find((line) => line.startsWith('AuthSession='));
    if (answer.status === 200 && setCookie) this.cookie = setCookie.split(';')[0];
    return answer;
  }

  /** Every page of a list (search or failures) from `path` (with its query), `limit` a page. */
  async allPages<T>(path: string, limit: number): Promise<{ rows: T[]; pages: number }> {
    const rows: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const answer = await this.get(`${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.text}`);
      rows.push(...answer.json.rows as T[]);
      cursor = answer.json.next;
      pages += 1;
      if (pages > 1000) throw new Error(`${path}: more than 1000 pages`);
    } while (cursor !== null);
    return { rows, pages };
  }
}

export interface ServerEvent {
  event: string;
  data: string;
}

/** An open `GET api/events` stream: the events received so far, and a way to wait for one. */
export class EventStream {
  readonly events: ServerEvent[] = [];
  private buffer = '';
  private readonly abort = new AbortController();
  private readonly waiters = new Set<() => void>();
  status = 0;
  closed = false;

  static async open(api: DashboardApi): Promise<EventStream> {
    const stream = new EventStream();
    const response = await fetch(`${api.url}api/events`, { headers: api.cookie ? { cookie: api.cookie } : {}, signal: stream.abort.signal });
    stream.status = response.status;
    if (response.body) void stream.read(response.body.getReader());
    return stream;
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) !== -1) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) this.events.push({ event, data });
        }
        for (const wake of this.waiters) wake();
      }
    } catch {
      // Aborted by close().
    }
    this.closed = true;
    for (const wake of this.waiters) wake();
  }

  /** The first event from `from` on that `accept` takes; throws after `timeoutMs`. */
  async waitFor(accept: (event: ServerEvent) => boolean, from = 0, timeoutMs = 15_000): Promise<ServerEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(accept);
      if (found) return found;
      if (this.closed) throw new Error(`the event stream closed; events: ${JSON.stringify(this.events)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such event within ${timeoutMs} ms; events: ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  close(): void {
    this.abort.abort();
  }
}
