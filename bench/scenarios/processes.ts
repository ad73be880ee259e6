// 7. processes: the throughput run with 1, 2 and 4 worker processes on one name (separate
// `after start <name>` processes, as `-i N` would start), the same number of tasks each time,
// each on a server of its own (the view indexing one count sets off would slow the next).
// With the server's PID (the embedded one's, or --couch-pid), also the server's CPU time per
// task, up to After's views being up to date: a second process must not double the database's work.
import { runDueNow, type DueNowResult } from '../support/due-now-run';
import { cpuMsOfTree } from '../support/process-cpu';
import type { Measurement, RunResult, Scenario, ScenarioContext } from '../support/scenario';

const TASKS = 20_000;
const PROCESS_COUNTS = [1, 2, 4];

export const processes: Scenario = {
  name: 'processes',
  title: 'throughput with 1, 2 and 4 worker processes serving one name',
  async run(context: ScenarioContext): Promise<RunResult> {
    const tasks = Math.round(TASKS * context.scale);
    const measurements: Measurement[] = [];
    for (const count of PROCESS_COUNTS) {
      context.progress(`  ${count} process(es)`);
      const couch = await context.openCouch();
      let result: DueNowResult;
      let serverCpuMs: number | null = null;
      try {
        const cpuBefore = couch.serverPid === null ? null : cpuMsOfTree(couch.serverPid);
        // The server's background work on the run's database included (views brought up to date,
        // compactions over): otherwise whether it falls inside the figure is chance (docs/COUCHDB.md).
        result = await runDueNow({ ...context, couch }, `processes_i${count}`, count, tasks, { settle: true });
        if (cpuBefore !== null) serverCpuMs = cpuMsOfTree(couch.serverPid as number) - cpuBefore;
      } finally {
        await couch.close();
      }
      if (serverCpuMs !== null) {
        measurements.push({ figure: `database CPU per task with -i ${count}`, unit: 'µs', value: (serverCpuMs * 1000) / tasks });
      }
      measurements.push(
        { figure: `tasks/s with -i ${count}`, unit: 'tasks/s', value: result.tasksPerSecond },
        { figure: `started twice with -i ${count}`, unit: 'tasks', value: result.starts.repeated },
        { figure: `started early with -i ${count}`, unit: 'tasks', value: result.starts.early },
      );
    }
    return { measurements };
  },
};
