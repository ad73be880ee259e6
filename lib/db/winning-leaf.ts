// Which of a document's leaf revisions CouchDB shows as the document: the same answer on
// every node once each knows every leaf, so processes that read the same leaves agree.
// CouchDB's rule (couch_key_tree): a live leaf before a deleted one, then the highest
// generation, then the highest revision id (compared as bytes, which for the hex ids of
// CouchDB and PouchDB is the string order).

export interface Leaf {
  _rev?: string;
  _deleted?: boolean;
}

function generationAndHash(rev: string): [number, string] {
  const dash = rev.indexOf('-');
  return [Number.parseInt(rev.slice(0, dash), 10), rev.slice(dash + 1)];
}

/** Whether revision `a` wins over revision `b` (both live, or both deleted). */
export function revWinsOver(a: string, b: string): boolean {
  const [genA, hashA] = generationAndHash(a);
  const [genB, hashB] = generationAndHash(b);
  return genA !== genB ? genA > genB : hashA > hashB;
}

/** The winning leaf among `leaves`, or undefined for none. */
export function winningLeaf<T extends Leaf>(leaves: readonly T[]): T | undefined {
  let winner: T | undefined;
  for (const leaf of leaves) {
    if (typeof leaf._rev !== 'string') continue;
    if (winner === undefined) {
      winner = leaf;
      continue;
    }
    const leafLive = leaf._deleted !== true;
    const winnerLive = winner._deleted !== true;
    if (leafLive !== winnerLive ? leafLive : revWinsOver(leaf._rev, winner._rev as string)) winner = leaf;
  }
  return winner;
}
