// `after dashboard`'s own HTTP server (node:http): the handler of ./routes.ts at `/`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dashboardHandler } from './routes';
import type { DashboardTarget } from './session-database';

export interface DashboardServerOptions {
  target: DashboardTarget;
  /** The address to listen on. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  log: (line: string) => void;
}

export interface DashboardServer {
  /** e.g. http://127.0.0.1:5985/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The address is taken, or cannot be listened on: one line saying which and what to do. */
export class DashboardListenError extends Error {
  override name = 'DashboardListenError';
}

export async function startDashboard(options: DashboardServerOptions): Promise<DashboardServer> {
  const handler = dashboardHandler({ target: options.target, base: '/', log: options.log });
  const server = http.createServer(handler);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(new DashboardListenError(err.code === 'EADDRINUSE'
        ? `port ${options.port} on ${options.host} is in use; choose another with --port`
        : `cannot listen on ${options.host}:${options.port}: ${err.code ?? err.message}`));
    });
    server.listen(options.port, options.host, () => resolve((server.address() as AddressInfo).port));
  });
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () => new Promise((resolve) => {
      handler.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
