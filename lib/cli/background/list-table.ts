// `after list` as a table a person reads.
import type { BackgroundProcess } from './background-processes';

const HEADERS = ['NAME', 'PROCESSES', 'STATUS', 'UPTIME', 'RESTARTS', 'MEMORY'];

export function formatUptime(ms: number | null): string {
  if (ms === null) return '-';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

export function formatMemory(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function listTable(rows: BackgroundProcess[]): string {
  const cells = rows.map((row) => [
    row.name,
    String(row.processes),
    row.status,
    formatUptime(row.uptime_ms),
    String(row.restarts),
    formatMemory(row.memory_bytes),
  ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...cells.map((line) => line[column].length)));
  return [HEADERS, ...cells]
    .map((line) => line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd())
    .join('\n') + '\n';
}
