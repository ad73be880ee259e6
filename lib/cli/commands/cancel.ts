// `after cancel <id>`: asks a task's worker to cancel it.
import type { Command } from 'commander';
import { taskCommand } from '../task-command';

export function cancelCommand(): Command {
  return taskCommand({
    name: 'cancel',
    description: 'cancel a task: it gets status cancel, which its worker turns into canceled (a running job is aborted)',
    about: 'A task already canceled is left as it is; one that ended done or error cannot be canceled (exit code 1).',
    examples: ['after cancel 68275af9-e000-4e40-a1d5-8d43311a2dce'],
    async run(client, id) {
      const written = await client.cancel(id);
      if (written.status === 'canceled') return `task ${id} is canceled already`;
      return `task ${id}: cancel requested; its worker marks it canceled`;
    },
  });
}
