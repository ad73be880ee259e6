// The part of pouchdb-wrappers 4.2.0 (untyped) that lib/server uses: the chain of wrappers
// express-pouchdb installs on each database's methods.
declare module 'pouchdb-wrappers' {
  export interface BulkDocsArgs {
    /** The database the method was called on. */
    base: object;
    /** The documents to write; a wrapper may replace the list before calling `orig`. */
    docs: Array<Record<string, unknown>>;
    options: Record<string, unknown>;
  }
  export type BulkDocsWrapper = (orig: () => Promise<unknown[]>, args: BulkDocsArgs) => Promise<unknown[]>;
  export interface AllDocsArgs {
    base: object;
    /** The options allDocs was called with; a wrapper may replace them before calling `orig`. */
    options: Record<string, unknown>;
  }
  export type AllDocsWrapper = (orig: () => Promise<unknown>, args: AllDocsArgs) => Promise<unknown>;
  export function installWrapperMethods(db: object, handlers: { bulkDocs?: BulkDocsWrapper; allDocs?: AllDocsWrapper }): void;
}
