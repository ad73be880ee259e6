// What the numbers were measured on: cores, CPU, memory, OS, Node, and the database as its
// GET / answers: {"couchdb": "Welcome", "version", "vendor"} on CouchDB and on the embedded server.
import os from 'node:os';
import type { CouchClient } from './couch-client';

export interface Machine {
  cores: number;
  cpu: string;
  memoryGb: number;
  os: string;
  node: string;
  database: string;
  /** The database's GET / answer, as it came. */
  databaseWelcome: unknown;
}

interface Welcome {
  couchdb?: string;
  version?: string;
  vendor?: { name?: string; version?: string };
}

const APACHE = 'The Apache Software Foundation';

export async function describeMachine(client: CouchClient, embedded: boolean): Promise<Machine> {
  const welcome = await client.json<Welcome>('GET', '/');
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    database: databaseName(welcome, embedded),
    databaseWelcome: welcome,
  };
}

function databaseName(welcome: Welcome, embedded: boolean): string {
  if (welcome.couchdb !== undefined && welcome.vendor?.name === APACHE) return `CouchDB ${welcome.version ?? '?'}`;
  return `${welcome.vendor?.name ?? 'unknown database'} ${welcome.version ?? ''}`.trim() + (embedded ? ' (after db, embedded)' : '');
}

export function machineLine(machine: Machine): string {
  return `${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, database ${machine.database}`;
}
