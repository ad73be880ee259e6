// What chaos prints about a task it found lost, doubled or stuck: its runs, what became of the
// processes that ran them, and its revision history.
import type { TasksClient } from '../support/tasks-client';
import type { JobEvent } from './chaos-jobs';
import type { Finding } from './chaos-report';

/** How chaos ended a worker process; a process without one ran until the end of the run. */
export interface ProcessFate {
  how: 'killed' | 'stopped';
  at: number;
  /** A graceful stop's exit code. */
  code?: number | null;
}

/** One run of a task: a start and the next end in the same process (either may be missing). */
export interface Run {
  pid: number;
  start?: JobEvent;
  end?: JobEvent;
}

interface RevInfo {
  rev: string;
  status: string;
}

const clock = (at: number): string => new Date(at).toISOString().slice(11, 23);

export function runsOf(events: JobEvent[], id: string): Run[] {
  const runs: Run[] = [];
  for (const event of events) {
    if (event.id !== id) continue;
    if (event.event === 'start') {
      runs.push({ pid: event.pid, start: event });
      continue;
    }
    const open = runs.find((run) => run.pid === event.pid && run.end === undefined);
    if (open) open.end = event;
    else runs.push({ pid: event.pid, end: event });
  }
  return runs;
}

function describeFate(fate: ProcessFate | undefined): string {
  if (!fate) return 'outlived the run (neither stopped nor killed before chaos ended)';
  if (fate.how === 'killed') return `killed with SIGKILL at ${clock(fate.at)}`;
  return `stopped gracefully at ${clock(fate.at)}, exit code ${String(fate.code)}`;
}

export function describeRun(run: Run, fate: ProcessFate | undefined): string {
  const start = run.start ? `start ${clock(run.start.at)}` : 'no start';
  const from = run.start?.rev ? ` on ${run.start.rev}` : '';
  const until = run.start?.leaseUntil ? ` until ${clock(Date.parse(run.start.leaseUntil))}` : '';
  const lease = run.start?.lease ? ` (lease ${run.start.lease}${until})` : '';
  const end = run.end ? `end ${clock(run.end.at)}` : 'no end';
  return `pid ${run.pid}: ${start}${from}${lease}, ${end}; process ${describeFate(fate)}`;
}

/** The revisions whose bodies can be read: the winning branch's available ones and every other leaf. */
export function revisionsToRead(doc: Record<string, unknown>): string[] {
  const info = (doc._revs_info as RevInfo[] | undefined) ?? [];
  const leaves = [...((doc._conflicts as string[] | undefined) ?? []), ...((doc._deleted_conflicts as string[] | undefined) ?? [])];
  return [...info.filter((one) => one.status === 'available').map((one) => one.rev), ...leaves];
}

/** A revision's body as one line, without the fields every revision has. */
export function bodyLine(body: Record<string, unknown>): string {
  const { _id: _ignoredId, _rev: _ignoredRev, ...rest } = body;
  return JSON.stringify(rest);
}

/** The revision history of `doc` (read with revs_info, conflicts and deleted_conflicts), with the `bodies` read. */
export function revisionLines(doc: Record<string, unknown>, bodies: Map<string, string>): string[] {
  const info = (doc._revs_info as RevInfo[] | undefined) ?? [{ rev: String(doc._rev), status: 'available' }];
  const leaves = (field: string, kind: string): RevInfo[] => ((doc[field] as string[] | undefined) ?? []).map((rev) => ({ rev, status: kind }));
  return [...info, ...leaves('_conflicts', 'conflict'), ...leaves('_deleted_conflicts', 'deleted conflict')]
    .map(({ rev, status }) => `${rev} ${status}${bodies.has(rev) ? ` ${bodies.get(rev)}` : ''}`);
}

async function revisionHistory(client: TasksClient, id: string): Promise<string[]> {
  const path = `/${encodeURIComponent(id)}`;
  const answer = await client.request('GET', `${path}?revs_info=true&conflicts=true&deleted_conflicts=true`);
  if (answer.status !== 200) return [`GET ${id} answered ${answer.status}: ${JSON.stringify(answer.body)}`];
  const bodies = new Map<string, string>();
  for (const rev of revisionsToRead(answer.body)) {
    const one = await client.request('GET', `${path}?rev=${encodeURIComponent(rev)}`);
    bodies.set(rev, one.status === 200 ? bodyLine(one.body) : `(GET answered ${one.status})`);
  }
  return revisionLines(answer.body, bodies);
}

/** Every line chaos prints about task `id`. */
export async function taskEvidence(client: TasksClient, id: string, findings: Finding[], status: string | undefined,
  events: JobEvent[], fates: Map<number, ProcessFate>): Promise<string[]> {
  const runs = runsOf(events, id).map((run) => `  run ${describeRun(run, fates.get(run.pid))}`);
  let revisions: string[];
  try {
    revisions = await revisionHistory(client, id);
  } catch (err) {
    revisions = [`could not be read: ${err instanceof Error ? err.message : String(err)}`];
  }
  return [
    `task ${id}: ${findings.join(', ')} (final status ${String(status)})`,
    ...(runs.length > 0 ? runs : ['  no run started']),
    '  revisions, newest first:',
    ...revisions.map((line) => `    ${line}`),
  ];
}
