// Which rows of the thin feed (lib/db/changes-feed.ts) a process reads the document of. A task
// is read by the process it falls to (PeerSet) and by any process that holds it, instead of
// being opened for every process by a filtered feed (docs/COUCHDB.md, "The thin feed"); a task
// that a held task waits on (`depends_on`) is read too, whatever its worker name.
import type { ChangesRow } from '../db/changes-request';
import { HEARTBEAT_ID_PREFIX } from '../db/heartbeats';

/** What to do with a row: nothing, read the winning revision, or read it with its siblings. */
export type RowRead = 'skip' | 'latest' | 'with-siblings';

export interface RowContext {
  /** The heartbeats of this process's name have ids that start with this (heartbeats.ts). */
  heartbeatPrefix: string;
  /** The revision this process holds of `id`, when it holds the task. */
  heldRev(id: string): string | undefined;
  /** Whether the row's leaves are only this process's own last write of `id` (see OwnRevisions). */
  ownWrite(id: string, revs: readonly string[]): boolean;
  /** Whether task `id` falls to this process (see PeerSet). */
  owns(id: string): boolean;
  /** Whether a task this process holds waits on task `id` (`depends_on`; see AwaitedDependencies), whatever its worker name. */
  awaited(id: string): boolean;
}

export function rowRead(row: ChangesRow, context: RowContext): RowRead {
  const { id } = row;
  if (id.startsWith('_')) return 'skip'; // design and local documents
  const revs = (row.changes ?? []).map((change) => change.rev);
  // Checked first: it also forgets what the row shows to be past. An awaited task is read
  // even after our own write: a dependency's end is learned of from the feed alone.
  if (context.ownWrite(id, revs) && !context.awaited(id)) return 'skip';
  if (id.startsWith(HEARTBEAT_ID_PREFIX)) return id.startsWith(context.heartbeatPrefix) ? 'latest' : 'skip';
  const held = context.heldRev(id);
  if (held !== undefined && revs.length === 1 && revs[0] === held) return 'skip';
  if (held === undefined && !context.owns(id) && !context.awaited(id)) return 'skip';
  // More than one leaf: siblings (or deleted branches) that a read of the winner alone could miss.
  return revs.length > 1 ? 'with-siblings' : 'latest';
}
