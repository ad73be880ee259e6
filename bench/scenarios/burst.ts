// 3. burst: 10,000 tasks due in the same second (all at its first millisecond), one worker.
import { runDated } from '../support/dated-run';
import { latenessMeasurements } from '../support/lateness-figures';
import type { RunResult, Scenario, ScenarioContext } from '../support/scenario';

const TASKS = 10_000;

export const burst: Scenario = {
  name: 'burst',
  title: '10,000 tasks due in the same second, one worker process',
  async run(context: ScenarioContext): Promise<RunResult> {
    const tasks = Math.round(TASKS * context.scale);
    const result = await runDated(context, 'burst', tasks, (_index, firstDueMs) => firstDueMs);
    return {
      measurements: [
        ...latenessMeasurements(result.starts),
        { figure: 'due second to last done', unit: 's', value: (result.lastDoneMs - result.firstDueMs) / 1000 },
      ],
      lateness: result.starts.lateness,
    };
  },
};
