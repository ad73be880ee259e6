// The part of couchdb-eval 4.2.0 (untyped; express-pouchdb's own evaluator) that lib/server uses.
declare module 'couchdb-eval' {
  /**
   * Compiles the source of a design document function in CouchDB's JavaScript context
   * (isArray, toJSON, log, sum, require of the design document's own modules).
   * Throws a 500 `compilation_error` when `program` is not a function expression.
   */
  export function evaluate(requireContext: object, extraVars: object, program: string): (...args: unknown[]) => unknown;
}
