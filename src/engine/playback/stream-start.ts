/**
 * When to start playing a take that is still being written, so playback never runs past the
 * written audio: with `buffered` seconds written of `total`, written at `rate` seconds of audio per
 * second, playback from the take's start reaches second t at wall time t while audio exists up to
 * buffered + rate·t, so it never catches up when buffered ≥ (1 − rate)·total. Faster than real
 * time: at once. A margin covers the rate's wobble on a busy machine.
 */
export function canStartPlaying(buffered: number, total: number, rate: number, margin = 0.15): boolean {
  if (!(buffered > 0)) return false;
  if (buffered >= total) return true;
  if (!(rate > 0)) return false;
  return buffered >= (1 - rate / (1 + margin)) * total;
}
