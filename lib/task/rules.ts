// The rules of a well-formed task document: the one place they are written
// (docs/ARCHITECTURE.md, "The task document and its lifecycle").
//
// They are written in seven parts, each a function of one concern: valueRules (rules-values.ts:
// the helpers), dateRules (rules-dates.ts), durationRules (rules-durations.ts: durations, delays,
// retries), cronRules (rules-cron.ts: cron patterns by their fields), repeatRules (rules-repeat.ts:
// a repeat's duration or cron, until and limit), jobRules (rules-job.ts: a job or a chain of
// steps) and taskLevelRules (rules-task.ts: the whole document, its zone included). composeRules below puts them together: a later part receives
// the earlier ones as parameters.
//
// taskRulesSource, the parts' and composeRules' source text, is installed in CouchDB
// (validate_doc_update and the view maps of lib/db/design-doc.ts call `(${taskRulesSource})()`),
// so every part must stand alone: no imports but types, nothing outside its body but its
// parameters, and ES5 only (var, function, no arrow functions, template strings, let/const,
// shorthand properties or ES2015+ library calls). test/task/rules-es5.test.ts parses each part
// and the whole source as ES5 and runs them in an empty context.
// The worker runs the same functions, composed the same way, through the exports below;
// date.ts and repeat.ts wrap them.
import { cronRules } from './rules-cron';
import { dateRules } from './rules-dates';
import { durationRules } from './rules-durations';
import { jobRules } from './rules-job';
import { repeatRules } from './rules-repeat';
import { taskLevelRules } from './rules-task';
import type { TaskRules } from './rules-types';
import { valueRules } from './rules-values';

export type { DateReading, RepeatAmounts, RepeatReading, RepeatSpecRead, RetentionKey, RetrySettings, TaskReading, TaskRules } from './rules-types';

/** The parts put together, in the worker as in CouchDB: each part gets the ones before it. */
export function composeRules(values: typeof valueRules, dates: typeof dateRules, durations: typeof durationRules,
  crons: typeof cronRules, repeats: typeof repeatRules, taskLevel: typeof taskLevelRules, jobs: typeof jobRules): TaskRules {
  var helpers = values();
  var dateParts = dates(helpers);
  var durationParts = durations(helpers);
  var cronParts = crons(helpers);
  return taskLevel(helpers, dateParts, durationParts, cronParts, repeats(helpers, dateParts, durationParts, cronParts),
    jobs(helpers, durationParts));
}

/** The parts in the order composeRules takes them. */
export const RULE_PARTS = [valueRules, dateRules, durationRules, cronRules, repeatRules, taskLevelRules, jobRules] as const;

/** The rules as the worker runs them. */
export function taskRules(): TaskRules {
  return composeRules(valueRules, dateRules, durationRules, cronRules, repeatRules, taskLevelRules, jobRules);
}

/**
 * The source of a function that returns the rules (what taskRules returns), built from the
 * same functions' compiled JS: what lib/db/design-doc.ts installs in CouchDB.
 */
export const taskRulesSource = 'function () {\n  return (' + composeRules.toString() + ')(' +
  RULE_PARTS.map((part) => part.toString()).join(', ') + ');\n}';

const rules = taskRules();

export const checkTask = rules.checkTask;
export const readTaskFields = rules.readTask;
export const readDate = rules.readDate;
export const readRepeat = rules.readRepeat;
export const tzProblem = rules.tzProblem;
export const isLocalDate = rules.isLocalDate;
export const taskWindowMs = rules.windowMs;
export const ttlProblem = rules.ttlProblem;
export const retentionKey = rules.retentionKey;
export const unknownZone = rules.unknownZone;
export const cronShapeProblem = rules.cronProblem;
export const dateProblem = rules.dateProblem;
export const taskDateMs = rules.dateMs;
export const repeatProblem = rules.repeatProblem;
export const repeatAmounts = rules.repeatAmounts;
export const durationMs = rules.durationMs;
export const retryProblem = rules.retryProblem;
export const retrySettings = rules.retrySettings;
