// Search: tasks by worker, status, job name and date range (the filter lives in the hash,
// #/search?worker=...), a page at a time with the server's cursor.
import { api, withQuery } from './api.js';
import { el, fill } from './dom.js';
import { isoFromLocalInput, localInputFromIso } from './local-time.js';
import { CursorTrail, pagerButtons } from './pager.js';
import { searchHash } from './route.js';
import { STATUSES } from './statuses.js';
import { summaryTable } from './summary-table.js';

const PAGE = 20;
const FILTERS = ['worker', 'status', 'job', 'from', 'to'];

function searchForm(params) {
  const field = (label, input) => el('label', {}, label, input);
  const form = el('form', { id: 'search-form', class: 'filters' },
    field('Worker', el('input', { name: 'worker', value: params.worker || '', autocomplete: 'off' })),
    field('Status', el('select', { name: 'status' },
      el('option', { value: '' }, 'any'),
      STATUSES.map((status) => el('option', { value: status, selected: params.status === status }, status)))),
    field('Job', el('input', { name: 'job', value: params.job || '', autocomplete: 'off' })),
    field('Date from', el('input', { name: 'from', type: 'datetime-local', value: localInputFromIso(params.from) })),
    field('to', el('input', { name: 'to', type: 'datetime-local', value: localInputFromIso(params.to) })),
    el('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = form.elements;
    location.hash = searchHash({
      worker: values.worker.value.trim(),
      status: values.status.value,
      job: values.job.value.trim(),
      from: isoFromLocalInput(values.from.value),
      to: isoFromLocalInput(values.to.value),
    });
  });
  return form;
}

export function searchView(container, route) {
  const params = Object.fromEntries(FILTERS.map((name) => [name, route.params[name] || '']));
  const status = el('p', { class: 'error', role: 'alert' });
  const results = el('div', { id: 'search-results' });
  const pager = el('p', { class: 'pager' });
  fill(container, el('h1', {}, 'Search'), searchForm(params), status, results, pager);
  let disposed = false;
  const trail = new CursorTrail();

  async function load(cursor) {
    delete container.dataset.loaded;
    try {
      const page = await api(withQuery('api/search', { ...params, limit: PAGE, cursor }));
      if (disposed) return;
      status.textContent = '';
      const rows = Array.isArray(page.rows) ? page.rows : [];
      fill(results, rows.length ? summaryTable(rows, { id: 'results' }) : el('p', { class: 'empty' }, 'No task matches.'));
      fill(pager, pagerButtons(trail, page.next, load));
      container.dataset.page = String(trail.page);
      container.dataset.loaded = 'true';
    } catch (err) {
      if (!disposed && err.status !== 401) {
        status.textContent = err.message;
        fill(results);
        fill(pager);
      }
    }
  }
  load('');
  return { dispose() { disposed = true; } };
}
