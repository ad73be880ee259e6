// Failures: the latest `error` tasks with error.message, attempts, fails and their runs;
// "Older" pages on with the server's cursor.
import { api, withQuery } from './api.js';
import { el, fill, taskLink, text, when } from './dom.js';
import { historyTable } from './history-list.js';
import { CursorTrail, pagerButtons } from './pager.js';

const PAGE = 20;
/** Runs shown per failure (the task page has them all). */
const RUNS_SHOWN = 5;

function failureCard(row) {
  const message = row.error && typeof row.error === 'object' ? row.error.message : row.error;
  return el('article', { class: 'card failure', 'data-id': text(row._id) },
    el('header', {}, taskLink(row._id), ' ', el('span', { class: 'muted' }, text(row.worker), ' · ', text(row.job))),
    el('p', { class: 'message' }, text(message) || '(no message)'),
    el('p', { class: 'facts' },
      `attempts ${text(row.attempts ?? 0)} · fails ${text(row.fails ?? 0)}`,
      row.finished_at ? ` · ended ${when(row.finished_at)}` : ''),
    el('details', {}, el('summary', {}, `Runs (${Array.isArray(row.history) ? row.history.length : 0})`), historyTable(row.history, { limit: RUNS_SHOWN })));
}

export function failuresView(container) {
  const list = el('div', { id: 'failures' });
  const status = el('p', { class: 'error', role: 'alert' });
  const pager = el('p', { class: 'pager' });
  fill(container, el('h1', {}, 'Failures'), el('p', { class: 'hint' }, 'Tasks that ended error, latest first.'), status, list, pager);
  let disposed = false;
  const trail = new CursorTrail();

  async function load(cursor) {
    delete container.dataset.loaded;
    try {
      const page = await api(withQuery('api/failures', { limit: PAGE, cursor }));
      if (disposed) return;
      status.textContent = '';
      const rows = Array.isArray(page.rows) ? page.rows : [];
      fill(list, rows.length ? rows.map(failureCard) : el('p', { class: 'empty' }, cursor ? 'No older failure.' : 'No task has failed.'));
      fill(pager, pagerButtons(trail, page.next, load, { back: 'Newer', forward: 'Older' }));
      container.dataset.loaded = 'true';
    } catch (err) {
      if (!disposed && err.status !== 401) status.textContent = err.message;
    }
  }
  load();
  return { dispose() { disposed = true; } };
}
