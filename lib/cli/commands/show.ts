// `after show <id>`: prints a task's document.
import type { Command } from 'commander';
import { taskCommand } from '../task-command';

export function showCommand(): Command {
  return taskCommand({
    name: 'show',
    description: 'print a task\'s document as JSON: its status, date, job, result or error, runs and history',
    examples: ['after show 68275af9-e000-4e40-a1d5-8d43311a2dce', 'after show 68275af9-e000-4e40-a1d5-8d43311a2dce | jq .status'],
    run: async (client, id) => JSON.stringify(await client.get(id), null, 2),
  });
}
