// The rules of a well-formed task document: the one place they are written
// (docs/ARCHITECTURE.md, "The task document and its lifecycle").
//
// They are written in four parts, each a function of one concern: valueRules (rules-values.ts:
// the helpers), dateRules (rules-dates.ts), durationRules (rules-durations.ts: repeats, delays,
// retries) and taskLevelRules (rules-task.ts: the whole document). composeRules below puts them
// together: a later part receives the earlier ones as parameters.
//
// taskRulesSource, the parts' and composeRules' source text, is installed in CouchDB
// (validate_doc_update and the view maps of lib/db/design-doc.ts call `(${taskRulesSource})()`),
// so every part must stand alone: no imports but types, nothing outside its body but its
// parameters, and ES5 only (var, function, no arrow functions, template strings, let/const,
// shorthand properties or ES2015+ library calls). test/task/rules-es5.test.ts parses each part
// and the whole source as ES5 and runs them in an empty context.
// The worker runs the same functions, composed the same way, through the exports below;
// date.ts and repeat.ts wrap them.
import { dateRules } from './rules-dates';
import { durationRules } from './rules-durations';
import { taskLevelRules } from './rules-task';
import type { TaskRules } from './rules-types';
import { valueRules } from './rules-values';

export type { DateReading, RepeatAmounts, RetrySettings, TaskReading, TaskRules } from './rules-types';

/** The parts put together, in the worker as in CouchDB: each part gets the ones before it. */
export function composeRules(values: typeof valueRules, dates: typeof dateRules, durations: typeof durationRules,
  taskLevel: typeof taskLevelRules): TaskRules {
  var helpers = values();
  return taskLevel(helpers, dates(helpers), durations(helpers));
}

/** The rules as the worker runs them. */
export function taskRules(): TaskRules {
  return composeRules(valueRules, dateRules, durationRules, taskLevelRules);
}

/**
 * The source of a function that returns the rules (what taskRules returns), built from the
 * same functions' compiled JS: what lib/db/design-doc.ts installs in CouchDB.
 */
export const taskRulesSource = 'function () {\n  return (' + composeRules.toString() + ')(' +
  [valueRules, dateRules, durationRules, taskLevelRules].map((part) => part.toString()).join(', ') + ');\n}';

const rules = taskRules();

export const checkTask = rules.checkTask;
export const readTaskFields = rules.readTask;
export const readDate = rules.readDate;
export const dateProblem = rules.dateProblem;
export const taskDateMs = rules.dateMs;
export const repeatProblem = rules.repeatProblem;
export const repeatAmounts = rules.repeatAmounts;
export const durationMs = rules.durationMs;
export const retryProblem = rules.retryProblem;
export const retrySettings = rules.retrySettings;
