// The first part of the task rules (rules.ts): the helpers the later parts receive.
// Its source text is installed in CouchDB: ES5 only, and nothing outside its own body.
import type { ValueRules } from './rules-types';

export function valueRules(): ValueRules {
  function hasOwn(object: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function isPlainObject(value: unknown): value is { [key: string]: unknown } {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  // A value as it appears in a message: strings in single quotes, the rest as JSON, on one line.
  function quote(value: unknown): string {
    var text: string | undefined;
    if (typeof value === 'string') {
      text = JSON.stringify(value);
      text = "'" + text.substring(1, text.length - 1) + "'";
    } else if (typeof value === 'number' || value === undefined) {
      text = String(value);
    } else {
      try {
        text = JSON.stringify(value);
      } catch (err) {
        text = String(value);
      }
      if (text === undefined) text = String(value);
    }
    return text.length > 60 ? text.substring(0, 57) + '...' : text;
  }

  // Retries and limits.
  function wholeNumberProblem(label: string, value: unknown, least: number, what: string): string | null {
    var whole = typeof value === 'number' && isFinite(value) && Math.floor(value) === value && value >= least;
    return whole ? null : label + ' ' + quote(value) + ' is not ' + what + '; use a whole number >= ' + least;
  }

  return { hasOwn: hasOwn, isPlainObject: isPlainObject, quote: quote, wholeNumberProblem: wholeNumberProblem };
}
