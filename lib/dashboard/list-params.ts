// The query parameters lists take: `limit`, and dates for `from`/`to`.
import { dateProblem, taskDateMs } from '../task/rules';
import { ApiError } from './http-io';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export function pageLimit(value: string | null): number {
  if (value === null || value === '') return DEFAULT_PAGE;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > MAX_PAGE) {
    throw new ApiError(400, 'bad_request', `limit ${JSON.stringify(value)} is not a page size; use a whole number from 1 to ${MAX_PAGE}`);
  }
  return limit;
}

/** A date parameter in epoch ms, as the task rules read a task's `date` (ISO 8601, or epoch ms); null when absent. */
export function dateParam(name: string, value: string | null): number | null {
  if (value === null || value === '') return null;
  const written: string | number = /^-?\d+$/.test(value) ? Number(value) : value;
  const ms = dateProblem(written) === null ? taskDateMs(written) : null;
  if (ms === null) {
    throw new ApiError(400, 'bad_request', `${name} ${JSON.stringify(value)} is not a date; use ISO 8601 (2026-01-31 or 2026-01-31T10:00:00Z) or epoch milliseconds`);
  }
  return ms;
}
