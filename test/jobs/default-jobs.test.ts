// The jobs in the project's own jobs/ folder, run as a worker runs them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { JobRegistry } from '../../lib/jobs/registry';
import type { JobOutcome } from '../../lib/jobs/types';
import { jobInput } from './temp-jobs-folder';

// From dist/test/jobs back to the project root.
const DEFAULT_JOBS = path.resolve(__dirname, '..', '..', '..', 'jobs');

describe('the default jobs folder', () => {
  let registry: JobRegistry;
  before(() => { registry = JobRegistry.load(DEFAULT_JOBS); });

  function run(name: string, args?: unknown, signal?: AbortSignal): Promise<JobOutcome> {
    return registry.run(jobInput(name, { arguments: args, ...(signal ? { signal } : {}) }));
  }

  it('has its example jobs', () => {
    expect(registry.names()).to.deep.equal(['disk-usage', 'fail', 'hello', 'log', 'sleep', 'webhook']);
  });

  describe('log', () => {
    it('writes its arguments as one line to stdout', async () => {
      const written: string[] = [];
      const write = process.stdout.write;
      process.stdout.write = ((chunk: string) => { written.push(String(chunk)); return true; }) as typeof write;
      let outcome: Promise<JobOutcome>;
      try {
        // The job writes synchronously, while run() is called.
        outcome = run('log', ['billing', 'run', { month: 3 }, 'two\nlines']);
      } finally {
        process.stdout.write = write;
      }
      expect(written).to.deep.equal(['billing run {"month":3} two lines\n']);
      expect(await outcome).to.deep.equal({ kind: 'done', result: { logged: 'billing run {"month":3} two lines' } });
    })
    it('in a chain, without arguments, writes the previous step\'s result', async () => {
      const write = process.stdout.write;
      process.stdout.write = (() => true) as typeof write;
      let outcome: Promise<JobOutcome>;
      try {
        outcome = registry.run(jobInput('log', { previous: 'Hello, world' }));
      } finally {
        process.stdout.write = write;
      }
      expect(await outcome).to.deep.equal({ kind: 'done', result: { logged: 'Hello, world' } });
    });
  });

  describe('hello', () => {
    it('greets its first argument, or the world', async () => {
      expect(await run('hello', ['Ada'])).to.deep.equal({ kind: 'done', result: 'Hello, Ada' });
      expect(await run('hello')).to.deep.equal({ kind: 'done', result: 'Hello, world' });
    });
  });

  describe('fail', () => {
    it('always fails, with its first argument as the message', async () => {
      expect(await run('fail', ['on purpose'])).to.deep.include({ kind: 'error', message: 'on purpose' });
      expect(await run('fail')).to.deep.include({ kind: 'error', message: 'this job always fails' });
    });
  });

  describe('sleep', () => {
    it('waits the given milliseconds', async () => {
      const startedAt = Date.now();
      expect(await run('sleep', [50])).to.deep.equal({ kind: 'done', result: { slept: 50 } });
      expect(Date.now() - startedAt).to.be.at.least(45);
    });

    it('stops when aborted', async () => {
      const controller = new AbortController();
      const outcome = run('sleep', [60_000], controller.signal);
      setTimeout(() => controller.abort('stopping'), 10);
      expect(await outcome).to.deep.equal({ kind: 'error', message: "job 'sleep' was aborted: stopping" });
    });

    it('refuses an argument that is not milliseconds', async () => {
      expect(await run('sleep', ['soon'])).to.deep.include({
        kind: 'error',
        message: 'sleep needs milliseconds as arguments[0], got soon',
      });
    });
  });

  describe('webhook', () => {
    interface Received { method?: string; url?: string; type?: string; body: unknown }
    let server: http.Server;
    let base: string;
    let received: Received[];
    /** What the next requests get: a status, or 'hang' for no answer. */
    let answer: number | 'hang';

    before(async () => {
      server = http.createServer((req, res) => {
        let text = '';
        req.on('data', (chunk) => { text += chunk; });
        req.on('end', () => {
          received.push({ method: req.method, url: req.url, type: req.headers['content-type'], body: JSON.parse(text) });
          if (answer === 'hang') return;
          res.writeHead(answer, { 'content-type': 'text/plain' }).end('answer body');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    beforeEach(() => {
      received = [];
      answer = 204;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('POSTs the task id, date and arguments as JSON, and is done with the status', async () => {
      expect(await run('webhook', [`${base}/hook`])).to.deep.equal({ kind: 'done', result: { status: 204 } });
      expect(received).to.deep.equal([{
        method: 'POST',
        url: '/hook',
        type: 'application/json',
        body: { id: 'task-1', date: '2030-01-02T03:04:05Z', arguments: [`${base}/hook`] },
      }]);
    });

    it('POSTs a given body instead', async () => {
      answer = 200;
      expect(await run('webhook', [`${base}/given`, { text: 'deploy finished' }]))
        .to.deep.equal({ kind: 'done', result: { status: 200 } });
      expect(received[0].body).to.deep.equal({ text: 'deploy finished' });
    });

    it('is an error on an answer outside 2xx', async () => {
      answer = 503;
      expect(await run('webhook', [`${base}/down`]))
        .to.deep.include({ kind: 'error', message: `POST ${base}/down answered 503 Service Unavailable` });
    });

    it('is an error when the server cannot be reached', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      expect(await run('webhook', [`http://127.0.0.1:${port}/`])).to.deep.include({
        kind: 'error',
        message: `POST http://127.0.0.1:${port}/ failed: connect ECONNREFUSED 127.0.0.1:${port}`,
      });
    });

    it('stops waiting when aborted', async () => {
      answer = 'hang';
      const controller = new AbortController();
      const outcome = run('webhook', [`${base}/slow`], controller.signal);
      setTimeout(() => controller.abort('stopping'), 50);
      expect(await outcome).to.deep.equal({ kind: 'error', message: "job 'webhook' was aborted: stopping" });
    });

    it('refuses a missing or non-http URL', async () => {
      expect(await run('webhook')).to.deep.include({
        kind: 'error',
        message: 'webhook needs an http(s) URL as arguments[0], got undefined',
      });
      expect(await run('webhook', ['file:///etc/passwd'])).to.deep.include({
        kind: 'error',
        message: 'webhook needs an http(s) URL as arguments[0], got "file:///etc/passwd"',
      });
    });
  });

  describe('disk-usage.sh', () => {
    it('is done with the usage of the jobs folder\'s file system as JSON', async () => {
      const outcome = await run('disk-usage');
      expect(outcome.kind).to.equal('done');
      const result = (outcome as { result: Record<string, unknown> }).result;
      expect(result).to.have.keys(['path', 'mount', 'size_kb', 'used_kb', 'available_kb', 'used_percent']);
      expect(result.path).to.equal('.');
      expect(result.used_percent).to.be.a('number').within(0, 100);
    });

    it('fails when fuller than the given percentage', async function () {
      const usage = await run('disk-usage', ['/']);
      const used = ((usage as { result: { used_percent: number } }).result).used_percent;
      if (used === 0) this.skip();
      expect(await run('disk-usage', ['/', 0])).to.deep.include({
        kind: 'error',
        message: `job 'disk-usage' printed FAIL: disk-usage: / is ${used}% full, over the limit of 0%`,
      });
    });

    it('is an error for a path that does not exist', async () => {
      const outcome = await run('disk-usage', ['/no/such/path']);
      expect(outcome.kind).to.equal('error');
      expect((outcome as { message: string }).message).to.match(/^job 'disk-usage' exited with code 1: df: .*\/no\/such\/path/);
    });
  });
});
