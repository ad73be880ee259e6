/** murmur3's finalizer: every bit of the result depends on every bit of `h`. */
export function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A 32-bit FNV-1a hash of `text`, seeded with `salt`, then finalized by `mix32`. Without the
 * finalizer, ids that differ only in their last characters ("task-1", "task-2") kept nearly
 * the same order under any two salts (measured: two processes' first 10 of 200 such ids
 * shared 5 or more in 3 % of salt pairs; with it, as often as for random orders).
 */
export function hash32(text: string, salt: number): number {
  let hash = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return mix32(hash);
}
