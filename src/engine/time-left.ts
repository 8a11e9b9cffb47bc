/** Time left of a long job (a pack download in bytes, a generation in frames) at its rate so far. */

/** Seconds left, or null until there is a rate to go by. */
export function secondsLeft(done: number, total: number, elapsedMs: number): number | null {
  if (total > 0 && done >= total) return 0;
  if (!(done > 0) || !(elapsedMs > 0)) return null;
  return ((total - done) / done) * (elapsedMs / 1000);
}
