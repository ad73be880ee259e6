// The checks of `after start`'s -i and -b together, before anything starts.
import { UsageError } from './errors';
import { DATABASE } from './process-names';

export function checkStartFlags(name: string, flags: { background?: boolean; instances: number }): void {
  if (flags.instances > 1 && !flags.background) {
    throw new UsageError(`-i ${flags.instances} runs its processes under pm2: add -b (after start ${name} -b -i ${flags.instances})`);
  }
  if (flags.background && name === DATABASE) {
    throw new UsageError(`worker name '${DATABASE}' cannot run in the background: pm2's after-${DATABASE} is the database (after db -b); choose another name`);
  }
}
