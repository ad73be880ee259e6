// A small HTTP client for tests: what a user does with curl, plus waiting for a status.

export interface TaskBody {
  [field: string]: unknown;
}

export interface StoredTask extends TaskBody {
  _id: string;
  _rev: string;
  status?: string;
}

export class TasksClient {
  private readonly authorization: string;
  private readonly base: string;

  /** `url` with credentials, e.g. http://after:after@127.0.0.1:5984; `db` the tasks database. */
  constructor(url: string, readonly db = 'tasks') {
    const parsed = new URL(url);
    this.authorization = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`;
    this.base = `${parsed.protocol}//${parsed.host}/${db}`;
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: this.authorization, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** POSTs a task; throws unless it is stored. Returns its id. */
  async post(task: TaskBody): Promise<string> {
    const { status, body } = await this.request('POST', '', task);
    if (status !== 201 && status !== 202) throw new Error(`POST task answered ${status}: ${JSON.stringify(body)}`);
    return String(body.id);
  }

  async postMany(tasks: TaskBody[]): Promise<string[]> {
    const { status, body } = await this.request('POST', '/_bulk_docs', { docs: tasks });
    if (status !== 201) throw new Error(`_bulk_docs answered ${status}: ${JSON.stringify(body)}`);
    return (body as unknown as Array<{ id: string }>).map((row) => row.id);
  }

  async get(id: string): Promise<StoredTask> {
    const { status, body } = await this.request('GET', `/${encodeURIComponent(id)}`);
    if (status !== 200) throw new Error(`GET ${id} answered ${status}: ${JSON.stringify(body)}`);
    return body as StoredTask;
  }

  /** Applies `change` to the latest revision (retrying on 409, at most `tries` times), as a user editing in Fauxton. */
  async update(id: string, change: (task: StoredTask) => StoredTask, tries = 20): Promise<void> {
    for (let attempt = 0; attempt < tries; attempt += 1) {
      const { status } = await this.request('PUT', `/${encodeURIComponent(id)}`, change(await this.get(id)));
      if (status === 201 || status === 202) return;
      if (status !== 409) throw new Error(`PUT ${id} answered ${status}`);
    }
    throw new Error(`PUT ${id} kept conflicting`);
  }

  /** Polls until `accept(task)` holds; returns that revision. */
  async waitFor(id: string, accept: (task: StoredTask) => boolean, timeoutMs = 10_000): Promise<StoredTask> {
    const deadline = Date.now() + timeoutMs;
    let last: StoredTask | null = null;
    while (Date.now() < deadline) {
      last = await this.get(id);
      if (accept(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`task ${id} did not reach the expected state within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
  }

  waitForStatus(id: string, status: string, timeoutMs?: number): Promise<StoredTask> {
    return this.waitFor(id, (task) => task.status === status, timeoutMs);
  }
}
