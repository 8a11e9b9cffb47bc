/**
 * mulberry32: a 32-bit seeded generator whose stream depends on its state alone, so a seed gives
 * the same numbers on every machine and runtime (Math.random cannot be seeded). Callers map their
 * seed to the state (e.g. the sampler keeps seed 0 off the all-zero state).
 */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
