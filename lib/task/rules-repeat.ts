// The repeat part of the task rules (rules.ts): a task's `repeat`, a duration (an ISO 8601
// string, or an object of amounts per unit) or a cron pattern (`{"cron": "0 9 * * 1-5"}`), and
// in the object form where the series ends: `until` (a date) and `limit` (how many runs in all).
// Its source text is installed in CouchDB: ES5 only, and nothing outside its own body but
// the parts it receives (valueRules, dateRules, durationRules, cronRules).
import type { CronRules, DateRules, DurationRules, RepeatReading, RepeatRules, ValueRules } from './rules-types';

export function repeatRules(values: ValueRules, dates: DateRules, durations: DurationRules, crons: CronRules): RepeatRules {
  var hasOwn = values.hasOwn;
  var isPlainObject = values.isPlainObject;
  var quote = values.quote;
  var wholeNumberProblem = values.wholeNumberProblem;
  var SERIES_KEYS = ['cron', 'until', 'limit'];
  var UNIT_KEYS = 'years months weeks days hours minutes seconds milliseconds (or y M w d h m s ms)';
  var ACCEPTED = UNIT_KEYS + ', or cron, with until and limit; or an ISO 8601 duration such as P1M7D';
  var OBJECTS = 'an object such as {"days": 7} with the keys ' + UNIT_KEYS + ', or {"cron": "0 9 * * 1-5"}, with until and limit';

  function refuse(problem: string): RepeatReading {
    return { problem: problem, repeat: null };
  }

  // The series' end: until and limit, each when written.
  function readEnd(repeat: { [key: string]: unknown }): { problem: string | null; until: string | number | null; limit: number | null } {
    var until = hasOwn(repeat, 'until') ? repeat.until : undefined;
    var limit = hasOwn(repeat, 'limit') ? repeat.limit : undefined;
    if (until !== undefined) {
      var date = dates.readDate(until, 'repeat.until');
      if (date.problem) return { problem: date.problem, until: null, limit: null };
    }
    if (limit !== undefined) {
      var problem = wholeNumberProblem('repeat.limit', limit, 1, 'a number of runs (the first counted)');
      if (problem) return { problem: problem, until: null, limit: null };
    }
    return {
      problem: null,
      until: until === undefined ? null : until as string | number,
      limit: limit === undefined ? null : limit as number
    };
  }

  function readRepeat(repeat: unknown): RepeatReading {
    if (typeof repeat === 'string') {
      var iso = durations.readRepeatDuration(repeat, [], ACCEPTED);
      if (iso.problem) return refuse(iso.problem);
      return { problem: null, repeat: { amounts: iso.amounts, cron: null, until: null, limit: null } };
    }
    if (!isPlainObject(repeat)) {
      return refuse('repeat ' + quote(repeat) + ' is not a repeat; use ' + OBJECTS + '; or an ISO 8601 duration such as P1M7D');
    }
    var cron = hasOwn(repeat, 'cron') ? repeat.cron : undefined;
    var units: string[] = [];
    for (var key in repeat) {
      if (hasOwn(repeat, key) && SERIES_KEYS.indexOf(key) === -1) units.push(key);
    }
    if (cron !== undefined && units.length > 0) {
      return refuse('repeat ' + quote(repeat) + ' has both cron and ' + quote(units[0]) + '; use cron or a duration, not both');
    }
    // Only an end ({"limit": 3}): no interval. An empty object is a duration of zero, refused as such.
    if (cron === undefined && units.length === 0 && (hasOwn(repeat, 'until') || hasOwn(repeat, 'limit'))) {
      return refuse('repeat ' + quote(repeat) + ' says neither how often nor when; use ' + OBJECTS);
    }
    var end = readEnd(repeat);
    if (cron !== undefined) {
      var cronProblem = crons.cronProblem('repeat.cron', cron);
      if (cronProblem) return refuse(cronProblem);
      if (end.problem) return refuse(end.problem);
      return { problem: null, repeat: { amounts: null, cron: cron as string, until: end.until, limit: end.limit } };
    }
    var duration = durations.readRepeatDuration(repeat, SERIES_KEYS, ACCEPTED);
    if (duration.problem) return refuse(duration.problem);
    if (end.problem) return refuse(end.problem);
    return { problem: null, repeat: { amounts: duration.amounts, cron: null, until: end.until, limit: end.limit } };
  }

  return { readRepeat: readRepeat };
}
