// What a scenario is to the runner: a name, and one run that returns its measurements.
import type { BenchCouch } from './bench-couch';
import type { Cleanup } from './cleanup';

export interface Measurement {
  figure: string;
  unit: string;
  value: number;
}

export interface RunResult {
  measurements: Measurement[];
  /** Start lateness of every task (ms), for the chart; only scenarios about timeliness give it. */
  lateness?: number[];
}

export interface ScenarioContext {
  couch: BenchCouch;
  /**
   * Another server for a part of the run that must not share the first one's background
   * work (on the embedded server, a new process; an external CouchDB is the same server).
   */
  openCouch(): Promise<BenchCouch>;
  /** Given to node before the script in every server and worker process the bench starts (--cpu-prof). */
  nodeArgs: string[];
  /** 1, 2, 3 …: names the run's database. */
  run: number;
  /** 1, or 0.1 with --quick: every size is multiplied by it. */
  scale: number;
  /** The memory scenario's largest number of pending tasks. */
  pending: number;
  /** The median `_bulk_docs` update rate measured by the ceiling scenario in this bench, if it ran. */
  ceilingUpdatesPerSecond: number | null;
  /** A temporary directory for this run (jobs folder, logs, config), removed afterwards. */
  dir: string;
  cleanup: Cleanup;
  /** A progress line on stderr. */
  progress(line: string): void;
}

export interface Scenario {
  name: string;
  /** What it measures, one line. */
  title: string;
  run(context: ScenarioContext): Promise<RunResult>;
}
