// One HTTP request to a CouchDB-compatible server, as curl would send it, answer parsed.
export interface CouchAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests check answers field by field
  json: any;
}

export interface CouchRequestOptions {
  body?: unknown;
  /** "login:password"; anonymous when absent. */
  auth?: string;
  headers?: Record<string, string>;
}

export function basicAuth(auth: string): string {
  return `Basic ${Buffer.from(auth).toString('base64')}`;
}

export async function couchRequest(baseUrl: string, method: string, path: string, options: CouchRequestOptions = {}): Promise<CouchAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.auth) headers.authorization = basicAuth(options.auth);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
