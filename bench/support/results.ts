// The runs' measurements gathered per figure (median, min, max over runs), and the JSON
// file holding them with the raw values and the machine.
import fs from 'node:fs';
import path from 'node:path';
import type { Machine } from './machine';
import type { Measurement } from './scenario';
import { summarize, type Summary } from './stats';

export interface FigureResult extends Summary {
  scenario: string;
  figure: string;
  unit: string;
  /** One value per run. */
  values: number[];
}

export interface BenchResults {
  machine: Machine;
  /** The command line's flags, as given. */
  flags: string[];
  runs: number;
  startedAt: string;
  finishedAt: string;
  figures: FigureResult[];
  /** Start lateness (ms) of every task, per scenario, one array per run. */
  lateness: Record<string, number[][]>;
  /** Scenarios that failed, with the reason. */
  failures: Array<{ scenario: string; run: number; message: string }>;
}

/** Collects measurements in the order figures first appear. */
export class FigureCollector {
  private readonly figures = new Map<string, { scenario: string; figure: string; unit: string; values: number[] }>();

  add(scenario: string, measurements: readonly Measurement[]): void {
    for (const { figure, unit, value } of measurements) {
      const key = `${scenario}\u0000${figure}`;
      let entry = this.figures.get(key);
      if (!entry) {
        entry = { scenario, figure, unit, values: [] };
        this.figures.set(key, entry);
      }
      entry.values.push(value);
    }
  }

  values(scenario: string, figure: string): number[] {
    return this.figures.get(`${scenario}\u0000${figure}`)?.values ?? [];
  }

  results(): FigureResult[] {
    return [...this.figures.values()].map((entry) => ({ ...entry, ...summarize(entry.values) }));
  }
}

export function writeResultsJson(file: string, results: BenchResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 1)}\n`);
}
