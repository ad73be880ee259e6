// pouchdb-merge 9 (untyped): revision-tree helpers, as PouchDB itself uses them.
declare module 'pouchdb-merge' {
  /** The non-deleted leaf revisions other than the winning one: a document's `_conflicts`. */
  export function collectConflicts(metadata: { rev_tree: unknown[] }): string[];
  /** Every leaf revision of a tree, deleted ones included, in the order PouchDB's `style=all_docs` lists them. */
  export function collectLeaves(revTree: unknown[]): Array<{ rev: string; opts: Record<string, unknown> }>;
}
