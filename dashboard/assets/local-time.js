// <input type="datetime-local"> speaks the browser's local time without a zone; the API speaks ISO 8601.

/** The input's value (`2030-01-12T10:00`, local) as ISO 8601 UTC; '' for an empty or invalid one. */
export function isoFromLocalInput(value) {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** An ISO date as a datetime-local value in the browser's zone; '' when it is none. */
export function localInputFromIso(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
