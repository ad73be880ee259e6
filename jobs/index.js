// The default jobs folder's module jobs. A task names one of these keys in `job.name`;
// its `job.arguments` arrive as `task.job.arguments`. A job settles by emitting 'done'
// (with an optional result) or 'error' on `task`, by returning a value or a promise, or by
// throwing. `task.signal` aborts when the worker gives the run up: stop work then.
// Results are stored in the task document, so they must be JSON.
// Executable files in this folder (with an execute bit) are jobs too: see disk-usage.sh.
'use strict';

const WEBHOOK_TIMEOUT_MS = 10000;

/** `job.arguments` as a list: an array as is, a single value as a list of one, nothing as []. */
function argumentList(task) {
  const args = task.job.arguments;
  if (args === undefined || args === null) return [];
  return Array.isArray(args) ? args : [args];
}

function asText(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

module.exports = {
  /** Writes its arguments as one line to the worker's log; in a chain, without arguments, the previous step's result. */
  log(task) {
    const shown = argumentList(task).length === 0 && task.previous !== undefined ? [task.previous] : argumentList(task);
    const text = shown.map(asText).join(' ').replace(/\r?\n/g, ' ');
    process.stdout.write(`${text}\n`);
    return { logged: text };
  },

  /**
   * POSTs JSON to arguments[0]: arguments[1] if given, else {id, date, arguments}.
   * Done with {status}; an answer outside 2xx, or none within 10 s, is an error.
   */
  async webhook(task) {
    const [url, body] = argumentList(task);
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
      throw new Error(`webhook needs an http(s) URL as arguments[0], got ${JSON.stringify(url)}`);
    }
    const payload = argumentList(task).length > 1
      ? body
      : { id: task.id, date: task.date, arguments: task.job.arguments };

    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`POST ${url} got no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`)),
      WEBHOOK_TIMEOUT_MS,
    );
    const onAbort = () => controller.abort(task.signal.reason);
    task.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`POST ${url} answered ${response.status} ${response.statusText}`.trim());
      return { status: response.status };
    } catch (err) {
      if (controller.signal.aborted) throw controller.signal.reason;
      // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND ...).
      if (err instanceof TypeError && err.cause instanceof Error) {
        throw new Error(`POST ${url} failed: ${err.cause.message}`);
      }
      throw err;
    } finally {
      clearTimeout(timer);
      task.signal.removeEventListener('abort', onAbort);
    }
  },

  /** Waits arguments[0] milliseconds; done with {slept}. */
  sleep(task) {
    const ms = Number(argumentList(task)[0]);
    if (!Number.isFinite(ms) || ms < 0) {
      return Promise.reject(new Error(`sleep needs milliseconds as arguments[0], got ${asText(argumentList(task)[0])}`));
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(task.signal.reason);
      };
      const timer = setTimeout(() => {
        task.signal.removeEventListener('abort', onAbort);
        resolve({ slept: ms });
      }, ms);
      task.signal.addEventListener('abort', onAbort, { once: true });
    });
  },

  /** Always fails, with arguments[0] as the message: shows what an `error` status looks like. */
  fail(task) {
    const message = argumentList(task)[0];
    task.emit('error', new Error(message === undefined ? 'this job always fails' : asText(message)));
  },

  /** The seed's style: settle by emitting on the task. */
  hello(task) {
    const name = argumentList(task)[0];
    setImmediate(() => task.emit('done', `Hello, ${name === undefined ? 'world' : asText(name)}`));
  },
};
