// A process's resident memory, from /proc/<pid>/status (Linux): VmRSS now and VmHWM, the peak.
import fs from 'node:fs';

export interface ProcessMemory {
  rssBytes: number;
  peakRssBytes: number;
}

export function processMemory(pid: number): ProcessMemory {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (err) {
    throw new Error(`cannot read /proc/${pid}/status (the memory figures need Linux): ${(err as Error).message}`);
  }
  return { rssBytes: kilobytes(status, 'VmRSS') * 1024, peakRssBytes: kilobytes(status, 'VmHWM') * 1024 };
}

function kilobytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`/proc status has no ${field}`);
  return Number(match[1]);
}

/**
 * The RSS once it has settled: right after loading, garbage from the parsed pages is still
 * counted, so sample until three readings in a row are within 1 % (or `maxWaitMs` passes).
 */
export async function settledMemory(pid: number, maxWaitMs = 15_000, intervalMs = 500): Promise<ProcessMemory> {
  const deadline = Date.now() + maxWaitMs;
  const readings: number[] = [];
  for (;;) {
    const memory = processMemory(pid);
    readings.push(memory.rssBytes);
    const last = readings.slice(-3);
    const settled = last.length === 3 && Math.max(...last) - Math.min(...last) <= 0.01 * Math.max(...last);
    if (settled || Date.now() > deadline) return memory;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
