// 4. spread: 10,000 tasks at random milliseconds over 20 s, one worker.
import { runDated } from '../support/dated-run';
import { latenessMeasurements } from '../support/lateness-figures';
import type { RunResult, Scenario, ScenarioContext } from '../support/scenario';

const TASKS = 10_000;
const WINDOW_MS = 20_000;

export const spread: Scenario = {
  name: 'spread',
  title: '10,000 tasks at random milliseconds over 20 s, one worker process',
  async run(context: ScenarioContext): Promise<RunResult> {
    const tasks = Math.round(TASKS * context.scale);
    const windowMs = WINDOW_MS * context.scale;
    const result = await runDated(context, 'spread', tasks, (_index, firstDueMs) => firstDueMs + Math.floor(Math.random() * windowMs));
    return { measurements: latenessMeasurements(result.starts), lateness: result.starts.lateness };
  },
};
