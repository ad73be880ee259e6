// The parts of pouchdb-abstract-mapreduce 9.0.0 and pouchdb-mapreduce-utils 9.0.0 (untyped)
// that lib/server/views uses: PouchDB's own map/reduce engine, given its functions.
declare module 'pouchdb-abstract-mapreduce' {
  export type Emit = (key: unknown, value?: unknown) => void;
  export type MapFunction = (doc: unknown) => void;
  export type ReduceFunction = (keys: unknown[] | null, values: unknown[], rereduce: boolean) => unknown;
  export interface MapReduce {
    query(this: unknown, ...args: unknown[]): Promise<unknown>;
    viewCleanup(this: unknown, ...args: unknown[]): Promise<unknown>;
  }
  function createAbstractMapReduce(
    localDocName: string,
    mapper: (mapFun: unknown, emit: Emit) => MapFunction,
    reducer: (reduceFun: unknown) => ReduceFunction,
    ddocValidator: (ddoc: { _id: string; views?: Record<string, { map?: unknown }> }, viewName: string) => void,
  ): MapReduce;
  export default createAbstractMapReduce;
}

declare module 'pouchdb-mapreduce-utils' {
  /** 404 not_found. */
  export class NotFoundError extends Error {}
  /** 500 invalid_value: what a built-in reduce throws; the query answers with it. */
  export class BuiltInError extends Error {}
}
