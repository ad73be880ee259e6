// The figures every timeliness scenario reports from its start records.
import type { Measurement } from './scenario';
import type { StartsReport } from './starts-check';
import { percentileOfSorted } from './stats';

export function latenessMeasurements(starts: StartsReport): Measurement[] {
  const sorted = [...starts.lateness].sort((a, b) => a - b);
  return [
    { figure: 'start lateness p50', unit: 'ms', value: percentileOfSorted(sorted, 50) },
    { figure: 'start lateness p99', unit: 'ms', value: percentileOfSorted(sorted, 99) },
    { figure: 'start lateness max', unit: 'ms', value: sorted[sorted.length - 1] ?? NaN },
    { figure: 'started early (must be 0)', unit: 'tasks', value: starts.early },
    { figure: 'started twice', unit: 'tasks', value: starts.repeated },
  ];
}
