// CouchDB's built-in reduce functions, _count, _sum and _stats, as PouchDB runs them (it
// never asks for a rereduce), failing with BuiltInError as PouchDB's do.
import { BuiltInError } from 'pouchdb-mapreduce-utils';

type Reduce = (keys: unknown[] | null, values: unknown[]) => unknown;
type BuiltInName = '_count' | '_sum' | '_stats';

function numbersOnly(name: string): BuiltInError {
  return new BuiltInError(`builtin ${name} function requires map values to be numbers or number arrays`);
}

/** Numbers add up; arrays of numbers add up position by position. */
function sum(values: unknown[]): number | number[] {
  let total: number | number[] = 0;
  for (const value of values) {
    if (typeof value === 'number') {
      if (typeof total === 'number') total += value;
      else total[0] += value;
    } else if (Array.isArray(value)) {
      const totals: number[] = typeof total === 'number' ? [total] : total;
      value.forEach((item, i) => {
        if (typeof item !== 'number') throw numbersOnly('_sum');
        totals[i] = (totals[i] ?? 0) + item;
      });
      total = totals;
    } else {
      throw numbersOnly('_sum');
    }
  }
  return total;
}

const BUILT_IN: Record<BuiltInName, Reduce> = {
  _count: (_keys, values) => values.length,
  _sum: (_keys, values) => sum(values),
  _stats: (_keys, values) => {
    const numbers = values as number[];
    return {
      sum: sum(values),
      min: Math.min(...numbers),
      max: Math.max(...numbers),
      count: numbers.length,
      sumsqr: numbers.reduce((total, n) => total + n * n, 0),
    };
  },
};

/** The built-in named at the start of `source` (`_count`...), null for a JavaScript function or an unknown built-in. */
export function builtInName(source: string): BuiltInName | null {
  return (Object.keys(BUILT_IN) as BuiltInName[]).find((builtIn) => source.startsWith(builtIn)) ?? null;
}

/** The built-in named at the start of `source`, null for a JavaScript function; throws for an unknown built-in. */
export function builtInReduce(source: string): Reduce | null {
  if (!source.startsWith('_')) return null;
  const name = builtInName(source);
  if (name === null) throw new Error(`${source} is not a supported reduce function.`);
  return BUILT_IN[name];
}
