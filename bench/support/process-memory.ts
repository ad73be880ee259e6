// A process's peak resident memory, VmHWM in /proc/<pid>/status (Linux).
import fs from 'node:fs';

export function peakRssBytes(pid: number): number {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (err) {
    throw new Error(`cannot read /proc/${pid}/status (the peak RSS needs Linux): ${(err as Error).message}`);
  }
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no VmHWM`);
  return Number(match[1]) * 1024;
}
