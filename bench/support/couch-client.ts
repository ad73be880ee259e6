// The bench's HTTP client for CouchDB (or the embedded server): what a user does with curl,
// over Node's fetch (one keep-alive connection pool), with basic auth from the URL.

export class CouchError extends Error {}

export class CouchClient {
  readonly authorization: string;
  /** The server's root without credentials, e.g. http://127.0.0.1:5984 */
  readonly base: string;

  /** `url` with credentials: http://user:password@host:port */
  constructor(readonly url: string) {
    const parsed = new URL(url);
    this.authorization = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`;
    this.base = `${parsed.protocol}//${parsed.host}`;
  }

  /** The answer's status and body (parsed JSON), whatever the status. */
  async request<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: this.authorization, 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
  }

  /** The body of a 2xx answer; throws with the status and body otherwise. */
  async json<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T> {
    const answer = await this.request<T>(method, path, body, timeoutMs);
    if (answer.status < 200 || answer.status > 299) {
      throw new CouchError(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }
}
