// 2. throughput: 20,000 tasks due now, the no-op job, one worker process.
import { runDueNow } from '../support/due-now-run';
import type { Measurement, RunResult, Scenario, ScenarioContext } from '../support/scenario';

const TASKS = 20_000;

/** A task due now costs the worker two updates: the claim (`running`) and the outcome (`done`). */
export const UPDATES_PER_DUE_TASK = 2;

export const throughput: Scenario = {
  name: 'throughput',
  title: '20,000 tasks due now, no-op job, one worker process: first POST to last done',
  async run(context: ScenarioContext): Promise<RunResult> {
    const tasks = Math.round(TASKS * context.scale);
    const result = await runDueNow(context, 'throughput', 1, tasks);
    const measurements: Measurement[] = [
      { figure: 'tasks/s', unit: 'tasks/s', value: result.tasksPerSecond },
    ];
    if (context.ceilingUpdatesPerSecond !== null) {
      measurements.push({
        figure: 'ratio to ceiling ÷ 2 updates',
        unit: '',
        value: result.tasksPerSecond / (context.ceilingUpdatesPerSecond / UPDATES_PER_DUE_TASK),
      });
    }
    measurements.push(
      { figure: 'first POST to last done', unit: 's', value: result.seconds },
      { figure: 'started early', unit: 'tasks', value: result.starts.early },
      { figure: 'started twice', unit: 'tasks', value: result.starts.repeated },
    );
    return { measurements };
  },
};
