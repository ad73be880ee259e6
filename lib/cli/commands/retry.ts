// `after retry <id>`: runs a task that ended error or canceled again.
import type { Command } from 'commander';
import { taskCommand } from '../task-command';

export function retryCommand(): Command {
  return taskCommand({
    name: 'retry',
    description: 'run a task that ended error or canceled again, now: status waiting, fresh attempts and fails',
    about: 'Its runs, history and last error stay. Any other status is refused (exit code 1):\n' +
      'to run a done task again, reschedule it.',
    examples: ['after retry 3d2fe088-d453-4db2-b48f-2d53e91da5a0'],
    async run(client, id) {
      await client.retry(id);
      return `task ${id} is waiting again: its worker runs it now`;
    },
  });
}
