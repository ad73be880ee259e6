// `after status` as a table: a row per worker, a column per status that occurs, and the total.
import type { StatusCounts } from '../task/types';
import { FINAL_STATUSES, OPEN_STATUSES } from '../task/types';

// Open statuses first, in the order a task goes through them, then the final ones.
const STATUS_ORDER: readonly string[] = [...OPEN_STATUSES, ...FINAL_STATUSES];

function statusRank(status: string): number {
  const rank = STATUS_ORDER.indexOf(status);
  return rank === -1 ? STATUS_ORDER.length : rank;
}

export function statusTable(counts: StatusCounts): string {
  const workers = Object.keys(counts).sort();
  const statuses = [...new Set(workers.flatMap((worker) => Object.keys(counts[worker])))]
    .sort((a, b) => statusRank(a) - statusRank(b) || a.localeCompare(b));
  const header = ['worker', ...statuses, 'total'];
  const rows = workers.map((worker) => {
    const numbers = statuses.map((status) => counts[worker][status] ?? 0);
    return [worker, ...numbers.map(String), String(numbers.reduce((sum, n) => sum + n, 0))];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  // Worker names to the left, numbers to the right.
  const line = (cells: string[]): string => cells
    .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
    .join('  ')
    .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
