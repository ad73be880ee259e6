// Every database action on one task runs in that task's lane, a promise chain: a change from
// the feed is never decided while this process's own write of the same task is in the air.
import { messageOf } from '../log';

export class Lanes {
  private readonly lanes = new Map<string, Promise<void>>();

  /** `log` gets what an action threw: a lane goes on after a failure. */
  constructor(private readonly log: (line: string) => void) {}

  run(id: string, action: () => Promise<void>): Promise<void> {
    const previous = this.lanes.get(id) ?? Promise.resolve();
    const next = previous.then(action).catch((err: unknown) => {
      this.log(`task ${id}: ${messageOf(err)}`);
    });
    this.lanes.set(id, next);
    void next.then(() => {
      if (this.lanes.get(id) === next) this.lanes.delete(id);
    });
    return next;
  }

  /** Resolves once every action queued so far has run. */
  settled(): Promise<unknown> {
    return Promise.all(this.lanes.values());
  }
}
