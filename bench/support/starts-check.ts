// What the start records say about correctness and timeliness: lateness (start − date) of
// each task's first start, starts before the date, tasks started twice, tasks never started.
import type { StartRecord } from './recording-jobs';

export interface StartsReport {
  /** Milliseconds from each task's date to its first start, one per started task. */
  lateness: number[];
  /** Starts before the task's date (must be 0). */
  early: number;
  /** Tasks started more than once (must be 0: no task here fails or is handed back). */
  repeated: number;
  /** Tasks expected but never started. */
  missing: number;
}

export function checkStarts(records: readonly StartRecord[], expected: number): StartsReport {
  const firstById = new Map<string, StartRecord>();
  let early = 0;
  const repeatedIds = new Set<string>();
  for (const record of records) {
    if (record.startMs < record.dateMs) early += 1;
    const first = firstById.get(record.id);
    if (first === undefined) firstById.set(record.id, record);
    else {
      repeatedIds.add(record.id);
      if (record.startMs < first.startMs) firstById.set(record.id, record);
    }
  }
  const lateness = [...firstById.values()].map((record) => record.startMs - record.dateMs);
  return { lateness, early, repeated: repeatedIds.size, missing: Math.max(0, expected - firstById.size) };
}
