// The results as one plain-text table (also valid Markdown), figures as measured.
import type { FigureResult } from './results';

const HEADER = ['scenario', 'figure', 'median', 'min', 'max', 'unit'];
const NUMERIC = new Set([2, 3, 4]);

/** Whole numbers from 100 up, one decimal from 10, two below: enough digits to compare runs. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 || Number.isInteger(value) ? 0 : magnitude >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatTable(figures: readonly FigureResult[]): string {
  const rows = figures.map((f) => [f.scenario, f.figure, formatValue(f.median), formatValue(f.min), formatValue(f.max), f.unit]);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, column) => (NUMERIC.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (NUMERIC.has(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(HEADER), rule, ...rows.map(line)].join('\n');
}
