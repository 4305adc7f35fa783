/**
 * A small deterministic pseudo-random generator (mulberry32) for seeded property and differential tests:
 * a failure names a seed that can be run again. Returns numbers in [0, 1).
 */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
