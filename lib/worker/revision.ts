/** The generation number of a CouchDB `_rev` (`3-abc…` → 3); 0 when there is none. */
export function revGeneration(rev: string | undefined): number {
  if (!rev) return 0;
  const generation = Number.parseInt(rev, 10);
  return Number.isFinite(generation) ? generation : 0;
}
