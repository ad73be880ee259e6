// The task-level part of the task rules (rules.ts): the worker, the status and the limits,
// then the whole document read once (readTask) and checked (checkTask).
// Its source text is installed in CouchDB: ES5 only, and nothing outside its own body but
// the parts it receives (valueRules, dateRules, durationRules, cronRules, repeatRules, jobRules).
import type { CronRules, DateRules, DurationRules, JobRules, RepeatRules, RetentionKey, TaskReading, TaskRules, ValueRules } from './rules-types';

export function taskLevelRules(values: ValueRules, dates: DateRules, durations: DurationRules, crons: CronRules,
  repeats: RepeatRules, jobs: JobRules): TaskRules {
  var isPlainObject = values.isPlainObject;
  var quote = values.quote;
  var wholeNumberProblem = values.wholeNumberProblem;
  var readDate = dates.readDate;
  var readRepeat = repeats.readRepeat;
  var readDelay = durations.readDelay;
  var readRetry = durations.readRetry;
  var jobProblem = jobs.jobProblem;
  var STATUSES = ['waiting', 'scheduled', 'running', 'done', 'error', 'reschedule', 'cancel', 'canceled'];
  // The longest delay Node's setTimeout keeps (2^31 - 1 ms); a longer one fires at once.
  var MAX_TIMEOUT_MS = 2147483647;
  // An IANA zone name by its shape: whether a zone has it is lib/task/zone.ts's to say.
  var ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/;
  var MAX_ZONE_NAME = 64;
  // A date string that says its offset (Z or +02:00) at its end.
  var WRITTEN_OFFSET = /T.*(?:Z|[+-]\d{2}:?\d{2})$/;
  // The furthest a zone's local time is ahead of UTC (Pacific/Kiritimati, +14:00).
  var MAX_ZONE_AHEAD_MS = 14 * 3600000;

  function unknownZone(tz: unknown): string {
    return 'tz ' + quote(tz) + ' is not a time zone; use an IANA zone name such as "Europe/Paris" or "America/New_York" (default "UTC")';
  }

  function tzProblem(tz: unknown): string | null {
    return typeof tz === 'string' && tz.length <= MAX_ZONE_NAME && ZONE_NAME.test(tz) ? null : unknownZone(tz);
  }

  // A date string written without offset in a zone other than UTC: local time there, whose
  // instant only the zone database knows (lib/task/task.ts reads it).
  function isLocalDate(tz: unknown, date: unknown): boolean {
    return typeof tz === 'string' && tz !== 'UTC' && typeof date === 'string' && !WRITTEN_OFFSET.test(date);
  }

  // Where the views order a task (docs/ARCHITECTURE.md, "Cron and time zones in ES5"): its date
  // in epoch ms, or for a local date in a zone the earliest instant it can be, its local time
  // read as UTC less 14 hours, so that a worker loads it in time; null for no date.
  function windowMs(doc: unknown): number | null {
    var fields: { [key: string]: unknown } = isPlainObject(doc) ? doc : {};
    var ms = readDate(fields.date).ms;
    return ms !== null && isLocalDate(fields.tz, fields.date) ? ms - MAX_ZONE_AHEAD_MS : ms;
  }

  // How long a task is kept once final (issue 14): a delay, as retry.interval takes it.
  function ttlProblem(ttl: unknown): string | null {
    return ttl === undefined ? null : readDelay('ttl', ttl).problem;
  }

  // When a final task ended: the latest of its last run's end, its last error, and the end a
  // worker stamps where no run says it (`ended_at`: a cancel, the ttl sweep); null when none is known.
  function endedMs(doc: { [key: string]: unknown }): number | null {
    var error = doc.error;
    var times = [doc.finished_at, isPlainObject(error) ? error.at : undefined, doc.ended_at];
    var latest: number | null = null;
    for (var i = 0; i < times.length; i++) {
      var ms = times[i] === undefined ? null : readDate(times[i]).ms;
      if (ms !== null && (latest === null || ms > latest)) latest = ms;
    }
    return latest;
  }

  // Where a task in a final status is kept until, for the view final_by_worker_expiry and the
  // worker's ttl sweep (docs/ARCHITECTURE.md, "Finished tasks and their ttl"): with its own ttl,
  // [worker, 'ttl', end + ttl ms]; without, [worker, 'default', end ms], for the worker's default;
  // the time null when no end is known. Null when the ttl is no delay: such a task is kept.
  function retentionKey(doc: unknown): RetentionKey | null {
    if (!isPlainObject(doc) || typeof doc.worker !== 'string') return null;
    var ended = endedMs(doc);
    if (doc.ttl === undefined) return [doc.worker, 'default', ended];
    var ttl = readDelay('ttl', doc.ttl).ms;
    if (ttl === null) return null;
    return [doc.worker, 'ttl', ended === null ? null : ended + ttl];
  }

  // The limits after `retry`, which readTask reads on its own.
  function limitsProblem(doc: { [key: string]: unknown }): string | null {
    if (doc.max_attempts !== undefined) {
      var attempts = wholeNumberProblem('max_attempts', doc.max_attempts, 1, 'a number of attempts');
      if (attempts) return attempts;
    }
    if (doc.max_fails !== undefined) {
      var fails = wholeNumberProblem('max_fails', doc.max_fails, 1, 'a number of failures');
      if (fails) return fails;
    }
    var timeout = doc.timeout;
    if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && timeout <= MAX_TIMEOUT_MS)) {
      return 'timeout ' + quote(timeout) + ' is not a time-out; use a number of milliseconds > 0, at most ' +
        MAX_TIMEOUT_MS + ' (24.8 days)';
    }
    var priority = doc.priority;
    if (priority !== undefined && !(typeof priority === 'number' && isFinite(priority) && Math.floor(priority) === priority)) {
      return 'priority ' + quote(priority) + ' is not a priority; use a whole number (higher starts first among tasks due together; default 0)';
    }
    return null;
  }

  // `depends_on` (issue 14): the ids of the tasks that must end `done` first; not the task's own.
  function dependsOnProblem(doc: { [key: string]: unknown }): string | null {
    var ids = doc.depends_on;
    if (ids === undefined) return null;
    if (!Array.isArray(ids)) {
      return 'depends_on ' + quote(ids) + ' is not a list of task ids; use an array of ids such as ["extract", "transform"]';
    }
    for (var i = 0; i < ids.length; i++) {
      if (typeof ids[i] !== 'string' || ids[i] === '') {
        return 'depends_on[' + i + '] ' + quote(ids[i]) + ' is not a task id; use a non-empty string such as "extract"';
      }
      if (ids[i] === doc._id) return 'depends_on names the task itself (' + quote(ids[i]) + '): it would wait for its own end forever';
    }
    return null;
  }

  // The rest of a task document.
  function workerProblem(worker: unknown): string | null {
    if (worker === undefined) return 'worker is required: the name of the worker that runs the task, such as "billing"';
    if (typeof worker !== 'string' || worker === '') {
      return 'worker ' + quote(worker) + ' is not a worker name; use a non-empty string such as "billing"';
    }
    return null;
  }

  function statusProblem(status: unknown): string | null {
    if (status === undefined) return null;
    for (var i = 0; i < STATUSES.length; i++) {
      if (status === STATUSES[i]) return null;
    }
    var last = STATUSES.length - 1;
    return 'status ' + quote(status) + ' is not a status; use ' + STATUSES.slice(0, last).join(', ') + ' or ' + STATUSES[last];
  }

  // Every part is read, whatever breaks a rule first: a part read is never read again.
  function readTask(doc: unknown): TaskReading {
    var fields: { [key: string]: unknown } = isPlainObject(doc) ? doc : {};
    var date = readDate(fields.date);
    var tz = fields.tz === undefined ? null : tzProblem(fields.tz);
    var repeat = fields.repeat === undefined ? { problem: null, repeat: null } : readRepeat(fields.repeat);
    var retry = fields.retry === undefined ? { problem: null, settings: null } : readRetry(fields.retry);
    var problem = !isPlainObject(doc) ?
      'a task must be a JSON object such as {"worker": "billing", "date": "2013-01-12T10:00:00Z", "job": "generate_billing"}' :
      workerProblem(fields.worker) || date.problem || jobProblem(fields.job) || statusProblem(fields.status) ||
      tz || repeat.problem || retry.problem || limitsProblem(fields) || dependsOnProblem(fields) || ttlProblem(fields.ttl);
    return {
      problem: problem,
      date: date,
      tz: fields.tz === undefined || tz !== null ? null : fields.tz as string,
      repeatProblem: repeat.problem,
      repeat: repeat.repeat,
      retry: retry.settings
    };
  }

  function checkTask(doc: unknown): string | null {
    if (isPlainObject(doc)) {
      if (typeof doc._id === 'string' && (doc._id.indexOf('_design/') === 0 || doc._id.indexOf('_local/') === 0)) return null;
      if (doc._deleted === true) return null;
    }
    return readTask(doc).problem;
  }

  return {
    checkTask: checkTask,
    readTask: readTask,
    readDate: readDate,
    dateProblem: function (value: unknown) { return readDate(value).problem; },
    dateMs: function (value: unknown) { return readDate(value).ms; },
    readRepeat: readRepeat,
    tzProblem: tzProblem,
    isLocalDate: isLocalDate,
    windowMs: windowMs,
    ttlProblem: ttlProblem,
    retentionKey: retentionKey,
    unknownZone: unknownZone,
    cronProblem: function (pattern: unknown) { return crons.cronProblem('repeat.cron', pattern); },
    repeatProblem: function (value: unknown) { return readRepeat(value).problem; },
    repeatAmounts: function (value: unknown) {
      var read = readRepeat(value).repeat;
      return read === null ? null : read.amounts;
    },
    durationMs: function (value: unknown) { return readDelay('duration', value).ms; },
    retryProblem: function (value: unknown) { return readRetry(value).problem; },
    retrySettings: function (value: unknown) { return readRetry(value).settings; }
  };
}
