// PouchDB's map/reduce (`query` and `viewCleanup`, on its own engine and index format) with
// each design function compiled once per index update, as CouchDB runs them. PouchDB 9 on Node
// builds a new vm context and compiles the function again for every document it indexes: far
// too slow for a worker's first view query over many pending tasks (docs/ARCHITECTURE.md,
// "Decisions and their measurements"); bench `memory` has the figures with this.
import createAbstractMapReduce, { type Emit, type MapReduce } from 'pouchdb-abstract-mapreduce';
import { NotFoundError } from 'pouchdb-mapreduce-utils';
import type PouchDB from 'pouchdb';
import { builtInReduce } from './built-in-reduce';
import { storedCountQuery } from './count-query';
import { compileMap, compileReduce } from './sandbox';

function mapper(mapFun: unknown, emit: Emit): (doc: unknown) => void {
  // A function taking emit as its second argument: PouchDB's JavaScript API for temporary views.
  if (typeof mapFun === 'function' && mapFun.length === 2) return (doc) => (mapFun as (doc: unknown, emit: Emit) => void)(doc, emit);
  return compileMap(String(mapFun), emit);
}

function reducer(reduceFun: unknown): (keys: unknown[] | null, values: unknown[], rereduce: boolean) => unknown {
  const source = String(reduceFun);
  return builtInReduce(source) ?? compileReduce(source);
}

function ddocValidator(ddoc: { _id: string; views?: Record<string, { map?: unknown }> }, viewName: string): void {
  const map = ddoc.views?.[viewName]?.map;
  if (typeof map !== 'string') {
    throw new NotFoundError(`ddoc ${ddoc._id} has no string view named ${viewName}, instead found object of type: ${typeof map}`);
  }
}

type Callback = (err: unknown, result?: unknown) => void;

/** Installed with PouchDB.plugin(): replaces the prototype's query and viewCleanup. */
export const mapReducePlugin: Pick<MapReduce, 'query' | 'viewCleanup'> = (() => {
  // 'mrviews': the name PouchDB's own map/reduce keeps its indexes under, so they stay valid.
  const engine = createAbstractMapReduce('mrviews', mapper, reducer, ddocValidator);
  return {
    // (fun, opts?, callback?), as PouchDB's query: a `_count` is answered from stored counts when it can be.
    query(this: PouchDB.Database, ...args: unknown[]) {
      const [fun, opts] = args;
      const callback = typeof args[2] === 'function' ? (args[2] as Callback) : undefined;
      if (typeof opts !== 'object' || opts === null) return engine.query.apply(this, args);
      const options = opts as Record<string, unknown>;
      const answer = (async () => (await storedCountQuery(this, fun, options, (updateOpts) => engine.query.call(this, fun, updateOpts)))
        ?? engine.query.call(this, fun, options))();
      if (callback !== undefined) answer.then((result) => callback(null, result), (err: unknown) => callback(err));
      return answer;
    },
    viewCleanup(this: unknown, ...args: unknown[]) { return engine.viewCleanup.apply(this, args); },
  };
})();
