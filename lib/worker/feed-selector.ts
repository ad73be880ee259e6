// What a worker process asks the `_changes` feed for (a Mango selector, filtered by the
// database): its name's open tasks (any status but a final one, so that a status that is none
// reaches a worker, which marks the task `error`), the heartbeats of its name's processes
// (lib/db/heartbeats.ts), and the finished tasks that another process ran. Those tell a
// process that a task it holds for a peer (see PeerSet) is over without reading it again;
// its own finished tasks it knows already. On CouchDB the feed
// opens every changed document to filter it anyway, so sending one costs little more than
// leaving it out, while a read costs a request (docs/COUCHDB.md).
import { FINAL_STATUSES } from '../task/types';

export function feedSelector(worker: string, processId: string): Record<string, unknown> {
  const tasks = {
    worker,
    $or: [
      { status: { $exists: false } },
      { status: { $nin: FINAL_STATUSES } },
      { status: { $in: FINAL_STATUSES }, history: { $elemMatch: { by: { $ne: processId } } } },
      // What $nin leaves out: null on the embedded server (pouchdb-selector-core takes null for
      // a missing field), and an array holding a final status on both. Last, and one test: on
      // CouchDB two `$type` tests here cost ~10 % of the feed's filtering (docs/COUCHDB.md).
      { $not: { status: { $type: 'string' } } },
    ],
  };
  return { $or: [tasks, { 'after_process.worker': worker }] };
}
