/** The server's port is taken; the message is the one line `after db` prints. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly host: string, readonly port: number) {
    super(`after db: port ${port} on ${host} is already in use; choose another with --port`);
  }
}

/** The server could not start for another reason (address not available, data directory unusable...). */
export class ServerStartError extends Error {
  override name = 'ServerStartError';
}

/** A request the server refuses, answered as CouchDB does: `{"error": ..., "reason": ...}`. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(readonly status: number, readonly error: string, readonly reason: string) {
    super(`${status} ${error}: ${reason}`);
  }
}

export const badRequest = (reason: string): HttpError => new HttpError(400, 'bad_request', reason);
