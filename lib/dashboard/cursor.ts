// Paging cursors: the view key where the next page starts, opaque to the page (base64url JSON).
// Keys end with the task's id, so a key names one row, and a page read from it neither
// repeats nor skips a row.
import { ApiError } from './http-io';

export type ViewKey = unknown[];

export function encodeCursor(key: ViewKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The key a cursor holds; `fits` says whether it belongs to the list asked for (its prefix).
 * ApiError 400 for a cursor that is none, or that another list gave.
 */
export function decodeCursor(cursor: string, fits: (key: ViewKey) => boolean): ViewKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || !fits(key)) {
    throw new ApiError(400, 'bad_request', 'cursor is not one this list gave; use the "next" value of the previous page with the same filters, or no cursor for the first page');
  }
  return key;
}
