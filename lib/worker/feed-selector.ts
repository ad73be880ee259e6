// What a worker process asks the `_changes` feed for (a Mango selector, filtered by the
// database): its name's open tasks, the heartbeats of its name's processes
// (lib/db/heartbeats.ts), and the finished tasks that another process ran. Those tell a
// process that a task it holds for a peer (see PeerSet) is over without reading it again;
// its own finished tasks it knows already. On CouchDB the feed
// opens every changed document to filter it anyway, so sending one costs little more than
// leaving it out, while a read costs a request (docs/COUCHDB.md).
import { FINAL_STATUSES, OPEN_STATUSES } from '../task/types';

export function feedSelector(worker: string, processId: string): Record<string, unknown> {
  const tasks = {
    worker,
    $or: [
      { status: { $exists: false } },
      { status: { $in: OPEN_STATUSES } },
      { status: { $in: FINAL_STATUSES }, history: { $elemMatch: { by: { $ne: processId } } } },
    ],
  };
  return { $or: [tasks, { 'after_process.worker': worker }] };
}
