// What After reads about one pm2 process, from pm2's ProcessDescription.
import type { ProcessDescription } from 'pm2';

export interface Pm2ProcessInfo {
  /** pm2's name, e.g. `after-manobi`. */
  name: string;
  /** pm2's id of this process. */
  pmId: number;
  /** The OS process id; 0 when it is not running. */
  pid: number;
  /** online, stopping, stopped, launching, errored, waiting restart... */
  status: string;
  /** When it last started (epoch ms), or null. */
  startedAt: number | null;
  /** How many times pm2 restarted it. */
  restarts: number;
  memoryBytes: number;
  outLogPath: string | null;
  errLogPath: string | null;
}

export function toProcessInfo(description: ProcessDescription): Pm2ProcessInfo {
  const env = description.pm2_env ?? {};
  return {
    name: description.name ?? '',
    pmId: description.pm_id ?? -1,
    pid: description.pid ?? 0,
    status: env.status ?? 'unknown',
    startedAt: typeof env.pm_uptime === 'number' ? env.pm_uptime : null,
    restarts: env.restart_time ?? 0,
    memoryBytes: description.monit?.memory ?? 0,
    outLogPath: env.pm_out_log_path ?? null,
    errLogPath: env.pm_err_log_path ?? null,
  };
}
