// The log files of an After name's processes: pm2's out and err files, each once.
import type { Pm2ProcessInfo } from '../../pm2/process-info';

export function logFiles(processes: Pm2ProcessInfo[]): string[] {
  const files = processes.flatMap((entry) => [entry.outLogPath, entry.errLogPath]);
  return [...new Set(files.filter((file): file is string => file !== null))];
}
