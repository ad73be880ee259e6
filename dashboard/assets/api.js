// The dashboard's HTTP API, at URLs relative to the page (it is served at / and at /_after/).
// A 401 from any call means the session is gone: the page goes back to the login form.

export class ApiError extends Error {
  constructor(status, code, reason) {
    super(reason);
    this.status = status;
    this.code = code;
  }
}

let unauthorized = () => {};

/** What to do on a 401 (show the login form). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/** A JSON request to `path` (relative, e.g. `api/overview`); the parsed answer, or ApiError with the server's reason. */
export async function api(path, { method = 'GET', body } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'unreachable', `the dashboard did not answer (${err.message})`);
  }
  const answer = await response.json().catch(() => null);
  if (response.ok) return answer;
  const reason = answer && typeof answer.reason === 'string' ? answer.reason : `${method} ${path} answered ${response.status}`;
  const error = new ApiError(response.status, answer && answer.error, reason);
  if (response.status === 401 && path !== 'api/session') unauthorized(error);
  throw error;
}

/** `path` with the query's non-empty values. */
export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
