// After's processes among everything pm2 holds (pm2 names starting with `after-`), one entry
// per After name however many processes serve it.
import type { Pm2ProcessInfo } from '../../pm2/process-info';
import { afterNameOf, DATABASE } from './process-names';

/** One row of `after list`; also its --json shape. */
export interface BackgroundProcess {
  /** The worker name, or `db` for the embedded database. */
  name: string;
  kind: 'worker' | 'database';
  pm2_name: string;
  processes: number;
  /** pm2's status; several, comma-separated, when its processes differ. */
  status: string;
  /** Since the oldest online process started; null when none is online. */
  uptime_ms: number | null;
  /** pm2's restarts, over all its processes. */
  restarts: number;
  memory_bytes: number;
}

export function backgroundProcesses(all: Pm2ProcessInfo[], now: number = Date.now()): BackgroundProcess[] {
  const byName = new Map<string, Pm2ProcessInfo[]>();
  for (const entry of all) {
    if (afterNameOf(entry.name) === null) continue;
    byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
  }
  return [...byName.entries()]
    .map(([pm2Name, processes]) => summarise(pm2Name, processes, now))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function summarise(pm2Name: string, processes: Pm2ProcessInfo[], now: number): BackgroundProcess {
  const name = afterNameOf(pm2Name) as string;
  const onlineSince = processes
    .filter((entry) => entry.status === 'online' && entry.startedAt !== null)
    .map((entry) => entry.startedAt as number);
  return {
    name,
    kind: name === DATABASE ? 'database' : 'worker',
    pm2_name: pm2Name,
    processes: processes.length,
    status: [...new Set(processes.map((entry) => entry.status))].join(', '),
    uptime_ms: onlineSince.length > 0 ? Math.max(0, now - Math.min(...onlineSince)) : null,
    restarts: processes.reduce((sum, entry) => sum + entry.restarts, 0),
    memory_bytes: processes.reduce((sum, entry) => sum + entry.memoryBytes, 0),
  };
}
