// PouchDB's Mango matcher (untyped), as lib/server uses it.
declare module 'pouchdb-selector-core' {
  export function massageSelector(selector: Record<string, unknown>): Record<string, unknown>;
  export function matchesSelector(doc: Record<string, unknown>, selector: Record<string, unknown>): boolean;
  /** matchesSelector without massaging: `selector` already massaged, `inMemoryFields` its keys. */
  export function rowFilter(doc: Record<string, unknown>, selector: Record<string, unknown>, inMemoryFields: string[]): boolean;
}
