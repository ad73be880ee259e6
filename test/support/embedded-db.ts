// The real `bin/after db` as a child process, on a free port with a temporary data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './temp-dir';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'after');
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;
const LISTENING = /After database listening on http:\/\/[^:]+:(\d+)/;

export interface EmbeddedDbOptions {
  /** Default: a free port the server picks (--port 0). */
  port?: number;
  /** Default: a new temporary directory. */
  dir?: string;
  login?: string;
  password?: string;
  db?: string;
  /** Given to node before the script, e.g. ['--cpu-prof']. */
  nodeArgs?: string[];
  /** The `after` script to run (default: this checkout's bin/after), e.g. that of an installed package. */
  bin?: string;
}

export interface EmbeddedDb {
  /** With credentials: http://after:after@127.0.0.1:PORT */
  url: string;
  /** Without credentials: http://127.0.0.1:PORT */
  plainUrl: string;
  port: number;
  /** The data directory. */
  dir: string;
  /** A config.json for this server (its real port), for the server and its clients. */
  configFile: string;
  login: string;
  password: string;
  /** The tasks database's name. */
  db: string;
  /** The running server's process id (changes on restart). */
  pid: number;
  /** Everything the current process printed (stdout and stderr). */
  output(): string;
  /** How the last process ended, once it has. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** SIGTERM (clean close) by PID; resolves when the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL by PID; resolves when the process has exited. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data directory. */
  restart(): Promise<void>;
}

interface Running {
  child: ChildProcess;
  output: string;
  exited: Promise<void>;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
}

function launch(configFile: string, port: number, dir: string, nodeArgs: string[], bin = BIN): Running {
  const child = spawn(process.execPath, [...nodeArgs, bin, 'db', '--config', configFile, '--port', String(port), '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: Running = { child, output: '', exited: Promise.resolve(), exit: null };
  child.stdout?.on('data', (chunk: Buffer) => { running.output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { running.output += chunk.toString(); });
  running.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.exit = { code, signal };
      resolve();
    });
  });
  return running;
}

async function waitUntilUp(running: Running): Promise<number> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const match = LISTENING.exec(running.output);
    if (match) {
      const port = Number(match[1]);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/_up`);
        if (response.status === 200) return port;
      } catch {
        // Not accepting yet.
      }
    }
    if (running.exit) throw new Error(`after db exited (${running.exit.code ?? running.exit.signal}) before answering /_up:\n${running.output}`);
    if (Date.now() > deadline) {
      running.child.kill('SIGKILL');
      throw new Error(`after db did not answer /_up within ${START_TIMEOUT_MS} ms:\n${running.output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function signal(running: Running, name: NodeJS.Signals): Promise<void> {
  if (running.exit) return;
  process.kill(running.child.pid as number, name);
  const timer = setTimeout(() => {
    if (!running.exit) process.kill(running.child.pid as number, 'SIGKILL');
  }, STOP_TIMEOUT_MS);
  await running.exited;
  clearTimeout(timer);
}

export async function startEmbeddedDb(options: EmbeddedDbOptions = {}): Promise<EmbeddedDb> {
  const login = options.login ?? 'after';
  const password = options.password ?? 'after';
  const db = options.db ?? 'tasks';
  const dir = options.dir ?? makeTempDir('after-db-data-');
  const configFile = path.join(makeTempDir('after-db-config-'), 'config.json');
  const writeConfig = (port: number): void => {
    fs.writeFileSync(configFile, JSON.stringify({ login, password, host: '127.0.0.1', port, db, data_dir: dir }, null, 2));
  };
  writeConfig(options.port ?? 0);

  let running = launch(configFile, options.port ?? 0, dir, options.nodeArgs ?? [], options.bin);
  const port = await waitUntilUp(running);
  // Clients (workers, the CLI) may use the same config file: give it the real port.
  writeConfig(port);
  const credentials = `${encodeURIComponent(login)}:${encodeURIComponent(password)}@`;

  const handle: EmbeddedDb = {
    url: `http://${credentials}127.0.0.1:${port}`,
    plainUrl: `http://127.0.0.1:${port}`,
    port,
    dir,
    configFile,
    login,
    password,
    db,
    pid: running.child.pid as number,
    output: () => running.output,
    exit: () => running.exit,
    stop: () => signal(running, 'SIGTERM'),
    kill: () => signal(running, 'SIGKILL'),
    async restart() {
      await signal(running, 'SIGTERM');
      running = launch(configFile, port, dir, options.nodeArgs ?? [], options.bin);
      await waitUntilUp(running);
      handle.pid = running.child.pid as number;
    },
  };
  return handle;
}
