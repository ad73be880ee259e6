// 3. burst: 10,000 tasks due in the same second (all at its first millisecond), one worker.
//
// Measured twice: with `--concurrency` as large as the burst, so that every task may be
// claimed ahead and the figures are After's clock and claim path; and at the default
// concurrency (1,000), where the tasks beyond it wait for slots, a round of claims at a time.
import { runDated } from '../support/dated-run';
import { latenessMeasurements } from '../support/lateness-figures';
import type { RunResult, Scenario, ScenarioContext } from '../support/scenario';
import { DEFAULT_CONCURRENCY } from '../../lib/worker/defaults';

const TASKS = 10_000;

function burstScenario(name: string, title: string, concurrency: (tasks: number) => number): Scenario {
  return {
    name,
    title,
    async run(context: ScenarioContext): Promise<RunResult> {
      const tasks = Math.round(TASKS * context.scale);
      const startArgs = ['--concurrency', String(concurrency(tasks))];
      const result = await runDated(context, name, tasks, (_index, firstDueMs) => firstDueMs, { startArgs });
      return {
        measurements: [
          ...latenessMeasurements(result.starts),
          { figure: 'due second to last done', unit: 's', value: (result.lastDoneMs - result.firstDueMs) / 1000 },
        ],
        lateness: result.starts.lateness,
      };
    },
  };
}

export const burst = burstScenario('burst', '10,000 tasks due in the same second, one worker process, --concurrency 10000', (tasks) => tasks);

export const burstAtDefault = burstScenario('burst-default', `the same burst at the default concurrency (${DEFAULT_CONCURRENCY.toLocaleString('en-US')})`,
  (tasks) => Math.min(tasks, DEFAULT_CONCURRENCY));
