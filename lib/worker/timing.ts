// The worker's timing: when claims are written, how long writes wait for company, and how soon
// what failed is tried again. The measurements behind them are cited where they apply.

/**
 * A claim is written this long before the task is due, so that claiming does not make the run
 * late: a burst takes time to claim, and more on CouchDB, where each claim is a revision its
 * feed and views see too: in the bench's burst on CouchDB, 3 s ahead made start lateness
 * less than half what 1 s did (docs/COUCHDB.md, "Where the database's work per task goes").
 * A user's change before the job starts still stops it.
 */
export const CLAIM_AHEAD_MS = 3000;

/**
 * How long the feed waits, at most, for this process's writes in the air before its next
 * request. A task's claim and outcome then reach the feed as one change, not two: each
 * change costs CouchDB a read of the document (docs/COUCHDB.md).
 */
export const FEED_YIELD_MS = 1000;

/** How long after the outcome of a task that had sibling revisions it is read again, to remove them. */
export const LOSERS_SETTLE_MS = 5000;

/** How soon a load of the whole window that failed (see Window.peerGone) is tried again. */
export const RELOAD_RETRY_MS = 5000;

/** The part of the claim-ahead window over which processes spread their claims (see ClaimSpread). */
export const CLAIM_SPREAD_MS = 200;

/**
 * Tasks whose claim times fall in one such slice of time are claimed together, at its start:
 * tasks due at scattered milliseconds are claimed in a few requests a second, not one each.
 * CouchDB spends more on a request than on a document in it (docs/COUCHDB.md, "Requests,
 * not documents").
 */
export const CLAIM_ROUND_MS = 250;

/**
 * How long a write nobody waits on (a run's outcome, a lease renewal, a claim well ahead of its
 * date) may wait for others to share its request (see TaskStore.write).
 */
export const UNHURRIED_WRITE_MS = 100;

/** A claim may wait UNHURRIED_WRITE_MS when its task is due more than this after it (and after its confirmation). */
export const CLAIM_SLACK_MS = 1000;
