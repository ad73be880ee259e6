// A list of TaskSummary rows ({_id, worker, status, date, job, runs?, finished_at?}) as a table.
import { el, table, taskLink, text, when, statusLabel } from './dom.js';

export function summaryTable(rows, attrs = {}) {
  return table(['date', 'worker', 'job', 'status', { label: 'runs', class: 'wide-only' }, 'id'], rows.map((row) => el('tr', { 'data-id': text(row._id) },
    el('td', { class: 'date' }, when(row.date)),
    el('td', {}, text(row.worker)),
    el('td', { class: 'job' }, text(row.job)),
    el('td', {}, statusLabel(row.status)),
    el('td', { class: 'num wide-only' }, text(row.runs ?? '')),
    el('td', {}, taskLink(row._id, { short: true })))), attrs);
}
