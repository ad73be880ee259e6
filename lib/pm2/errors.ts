/** pm2 refused or failed an operation; the message is one line naming the operation and pm2's reason. */
export class Pm2Error extends Error {
  override name = 'Pm2Error';
}

/** pm2 answers with Errors, strings or `{msg}` objects; this is the one line each of them means. */
export function pm2Reason(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  const msg = (err as { msg?: unknown; message?: unknown } | null)?.msg ?? (err as { message?: unknown } | null)?.message;
  return typeof msg === 'string' ? msg : JSON.stringify(err);
}
