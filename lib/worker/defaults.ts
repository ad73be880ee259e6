// A worker's defaults, in one place for the worker, the config file and `after start`'s help.

/**
 * Memory holds the tasks due within this window; later ones stay in the database and are
 * loaded from the view by date as the window advances (a quarter of it at a time), so a
 * million tasks due tomorrow cost a worker nothing today.
 */
export const DEFAULT_HORIZON_MS = 10 * 60_000;

/**
 * Jobs a process runs at once by default: generous, because most jobs wait on I/O, and
 * equal to a write batch, so that a burst is claimed in few requests. Not more: executables
 * are child processes, and a burst would start this many of them.
 */
export const DEFAULT_CONCURRENCY = 1000;

/** Default lease: how long a silent process keeps a task before another may run it again. */
export const DEFAULT_LEASE_MS = 30_000;

/** How long a graceful stop lets running jobs finish before handing them back. */
export const DEFAULT_STOP_GRACE_MS = 10_000;
