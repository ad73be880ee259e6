// Reads a streaming `_changes` response (continuous, eventsource, longpoll with heartbeats) as it arrives.
import http from 'node:http';
import zlib from 'node:zlib';
import { basicAuth } from '../support/couch-request';

export interface OpenFeed {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Everything received so far, decompressed. */
  text(): string;
  /** Resolves when the received text matches `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  /** Drops the connection, as a client that goes away. */
  destroy(): void;
}

export function openFeed(baseUrl: string, path: string, options: { auth?: string; headers?: Record<string, string>; method?: string; body?: unknown } = {}): Promise<OpenFeed> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.auth) headers.authorization = basicAuth(options.auth);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const request = http.request(`${baseUrl}${path}`, { method: options.method ?? 'GET', headers, agent: false }, (response) => {
      let text = '';
      const stream = response.headers['content-encoding'] === 'gzip' ? response.pipe(zlib.createGunzip()) : response;
      stream.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      const ended = new Promise<void>((done) => {
        stream.on('end', () => done());
        response.on('close', () => done());
      });
      stream.on('error', () => undefined);
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        text: () => text,
        ended,
        async waitFor(pattern, timeoutMs = 5000) {
          const deadline = Date.now() + timeoutMs;
          while (!pattern.test(text)) {
            if (Date.now() > deadline) throw new Error(`feed did not deliver ${pattern} within ${timeoutMs} ms; got ${JSON.stringify(text)}`);
            await new Promise((wait) => setTimeout(wait, 10));
          }
          return text;
        },
        destroy: () => request.destroy(),
      });
    });
    request.on('error', (err) => reject(err));
    request.end(body);
  });
}
