// Overview: counts per worker × status (live from the event stream), live processes per
// worker, the tasks due in the next hour, and start lateness (p50/p99 and a chart).
import { api } from './api.js';
import { countsTable } from './counts-table.js';
import { duration, el, fill, table, text, timeOfDay, when } from './dom.js';
import { latenessChart } from './lateness-chart.js';
import { summaryTable } from './summary-table.js';

/** The rest of the overview (processes, due, lateness) is read again this often; counts come live. */
const REFRESH_MS = 30_000;

function processesSection(processes) {
  const workers = Object.keys(processes || {}).sort();
  const rows = workers.flatMap((worker) => (Array.isArray(processes[worker]) ? processes[worker] : []).map((proc) => el('tr', {},
    el('th', { scope: 'row' }, worker),
    el('td', { class: 'id' }, text(proc.id)),
    el('td', { class: 'num' }, text(proc.running ?? '')),
    // No start date: known from a lease it holds, without a heartbeat.
    el('td', { class: 'date' }, proc.started_at ? when(proc.started_at) : 'unknown'),
    el('td', { class: 'date' }, timeOfDay(proc.until)))));
  return rows.length
    ? table(['worker', 'process', 'running', 'started', 'alive until'], rows, { id: 'processes' })
    : el('p', { class: 'empty', id: 'processes' }, 'No live worker process (no heartbeat).');
}

/** Due tasks listed before "Show more" (the server sends up to 50). */
const DUE_SHOWN = 10;

function dueSection(due) {
  const tasks = Array.isArray(due?.tasks) ? due.tasks : [];
  const total = Number(due?.total) || 0;
  const list = el('div');
  const show = (count) => fill(list,
    tasks.length ? summaryTable(tasks.slice(0, count), { id: 'due' }) : null,
    tasks.length > count
      ? el('button', { type: 'button', class: 'more', onclick: () => show(tasks.length) }, `Show ${tasks.length - count} more`)
      : null);
  show(DUE_SHOWN);
  return [
    el('p', { id: 'due-total' }, total === 0 ? 'Nothing is due in the next hour.'
      : `${total}${due.more ? '+' : ''} task${total === 1 ? '' : 's'} due in the next hour (overdue ones included), soonest first${total > tasks.length ? ` (the first ${tasks.length} listed)` : ''}:`),
    list,
  ];
}

function latenessSection(lateness) {
  const count = Number(lateness?.count) || 0;
  if (count === 0) return el('p', { class: 'empty', id: 'lateness' }, 'No run has started yet.');
  return el('div', { id: 'lateness' },
    el('dl', { class: 'figures' },
      el('div', {}, el('dt', {}, 'p50'), el('dd', { id: 'late-p50' }, duration(lateness.p50))),
      el('div', {}, el('dt', {}, 'p99'), el('dd', { id: 'late-p99' }, duration(lateness.p99))),
      el('div', {}, el('dt', {}, 'runs'), el('dd', {}, String(count)))),
    latenessChart(Array.isArray(lateness.samples) ? lateness.samples : [], lateness.p50, lateness.p99, duration));
}

export function overviewView(container) {
  const counts = el('div', { class: 'counts' });
  const processes = el('div');
  const due = el('div');
  const lateness = el('div');
  const status = el('p', { class: 'error', role: 'alert' });
  fill(container,
    el('h1', {}, 'Overview'), status,
    el('section', {}, el('h2', {}, 'Tasks by worker and status'), counts),
    el('section', {}, el('h2', {}, 'Live processes'), processes),
    el('section', {}, el('h2', {}, 'Due in the next hour'), due),
    el('section', {}, el('h2', {}, 'Start lateness'), el('p', { class: 'hint' }, 'How long after its date each of the last runs started.'), lateness));

  let disposed = false;
  async function load() {
    try {
      const overview = await api('api/overview');
      if (disposed) return;
      status.textContent = '';
      fill(counts, countsTable(overview.counts || {}));
      fill(processes, processesSection(overview.processes));
      fill(due, dueSection(overview.due));
      fill(lateness, latenessSection(overview.lateness));
      container.dataset.loaded = 'true';
    } catch (err) {
      if (!disposed && err.status !== 401) status.textContent = err.message;
    }
  }
  load();
  const timer = setInterval(load, REFRESH_MS);
  return {
    onCounts(live) {
      fill(counts, countsTable(live));
    },
    dispose() {
      disposed = true;
      clearInterval(timer);
    },
  };
}
