// `after reschedule <id> <date>`: moves a task to a new date.
import type { Command } from 'commander';
import { parseAtOption } from '../at-option';
import { taskCommand } from '../task-command';

export function rescheduleCommand(): Command {
  return taskCommand({
    name: 'reschedule',
    description: 'move a task to <date> (status reschedule); a task that has ended runs again then',
    extraArguments: [['<date>', 'ISO 8601 (2030-01-12T10:00:00Z; no offset means UTC, or local time in the task\'s tz) or epoch milliseconds', parseAtOption]],
    about: 'A repeating task starts its grid again at <date>. A task that ended done, error or canceled\n' +
      'is opened again, with fresh attempts and fails counts; its runs and history stay.',
    examples: ['after reschedule 68275af9-e000-4e40-a1d5-8d43311a2dce 2030-01-12T10:00:00Z', 'after reschedule 68275af9-e000-4e40-a1d5-8d43311a2dce 1894441200000'],
    async run(client, id, date) {
      const written = await client.reschedule(id, date as string | number);
      return `task ${id} rescheduled to ${String(written.date)}`;
    },
  });
}
