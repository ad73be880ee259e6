// Counts per worker × status, with totals; each number links to the search for those tasks.
import { el, table } from './dom.js';
import { searchHash } from './route.js';
import { statusColumns } from './statuses.js';

export function countsTable(counts) {
  const workers = Object.keys(counts).sort();
  if (workers.length === 0) return el('p', { class: 'empty' }, 'No tasks.');
  const columns = statusColumns(counts);
  const number = (n, worker, status) => (n
    ? el('a', { href: searchHash({ worker, status }) }, String(n))
    : el('span', { class: 'zero' }, '0'));
  const rows = workers.map((worker) => {
    const byStatus = counts[worker] || {};
    const total = Object.values(byStatus).reduce((sum, n) => sum + (Number(n) || 0), 0);
    return el('tr', { 'data-worker': worker },
      el('th', { scope: 'row' }, el('a', { href: searchHash({ worker }) }, worker)),
      columns.map((status) => el('td', { class: 'num', 'data-status': status }, number(Number(byStatus[status]) || 0, worker, status))),
      el('td', { class: 'num total' }, String(total)));
  });
  return table(['worker', ...columns, 'total'], rows, { id: 'counts' });
}
