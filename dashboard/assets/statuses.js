// The task statuses in lifecycle order (README, "The task document"): the columns of the counts.
export const STATUSES = ['waiting', 'scheduled', 'running', 'reschedule', 'cancel', 'done', 'error', 'canceled'];

/** The statuses `counts` ({worker: {status: n}}) holds, known ones in lifecycle order, others after. */
export function statusColumns(counts) {
  const seen = new Set();
  for (const byStatus of Object.values(counts)) for (const status of Object.keys(byStatus || {})) seen.add(status);
  return [...STATUSES.filter((status) => seen.has(status)), ...[...seen].filter((status) => !STATUSES.includes(status)).sort()];
}
