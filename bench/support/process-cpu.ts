// CPU time a server used, from /proc (Linux): the process and every process below it (CouchDB's
// couchjs engines run as children of its Erlang VM, beam.smp), user and system time.
import fs from 'node:fs';

/** /proc reports times in USER_HZ, which Linux fixes at 100 ticks a second for user space. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in ticks. */
  ticks: number;
}

function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone meanwhile
  }
  // The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** CPU milliseconds used so far by `pid` and its descendants alive now. */
export function cpuMsOfTree(pid: number): number {
  const root = readStat(pid);
  if (!root) throw new Error(`cannot read /proc/${pid}/stat: no such process (the CPU figure needs Linux and the server's PID)`);
  const stats = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== null);
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  let ticks = 0;
  const queue = [root];
  for (let next = queue.pop(); next; next = queue.pop()) {
    ticks += next.ticks;
    queue.push(...(children.get(next.pid) ?? []));
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
