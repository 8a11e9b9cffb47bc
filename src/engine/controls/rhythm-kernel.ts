/**
 * The rhythm control's encoding of beats and downbeats (paper §3.4): a one-hot 1 at every
 * beat's frame, plus at every downbeat an impulse spread by a soft kernel, summed. So a plain
 * beat frame reads 1, a downbeat frame 2 and its neighbours the kernel's tails. Created and
 * extracted rhythm both go through `encodeBeats`, and `decodeBeats` reads beats back (for the
 * rhythm F1 between a control and the beats found in generated music).
 */

/** Gaussian with σ = 1 frame (20 ms at 50 Hz), cut at ±2 frames: well inside the ±70 ms F1 tolerance. */
export const DOWNBEAT_KERNEL: readonly number[] = [-2, -1, 0, 1, 2].map((d) => Math.exp(-(d * d) / 2));

export interface TimedBeat {
  readonly t: number;
  readonly downbeat: boolean;
}

/** Writes the rhythm values for `beats` into `out` (length T, zeroed first); frame = round(t · frameRate). */
export function encodeBeats(beats: readonly TimedBeat[], frameRate: number, out: Float32Array): void {
  const T = out.length;
  const half = (DOWNBEAT_KERNEL.length - 1) / 2;
  out.fill(0);
  // one-hot first: two beats landing in one frame still read 1, not 2
  for (const b of beats) {
    const f = Math.round(b.t * frameRate);
    if (f >= 0 && f < T) out[f] = 1;
  }
  for (const b of beats) {
    if (!b.downbeat) continue;
    const f = Math.round(b.t * frameRate);
    for (let d = -half; d <= half; d++) {
      const g = f + d;
      if (g >= 0 && g < T) out[g] += DOWNBEAT_KERNEL[d + half];
    }
  }
}

/** A rhythm control frame at least this is a beat (a beat frame reads 1, a downbeat 2). */
export const BEAT_THRESHOLD = 0.9;

/** Beats back from a rhythm control: local maxima ≥ BEAT_THRESHOLD (0.9) are beats, ≥ 1.9 downbeats. */
export function decodeBeats(values: Float32Array, frameRate: number, mask?: Float32Array): TimedBeat[] {
  const out: TimedBeat[] = [];
  for (let f = 0; f < values.length; f++) {
    if (mask && mask[f] === 0) continue;
    const v = values[f];
    if (v < BEAT_THRESHOLD) continue;
    if (f > 0 && values[f - 1] > v) continue;
    if (f + 1 < values.length && values[f + 1] >= v) continue;
    out.push({ t: f / frameRate, downbeat: v >= 1.9 });
  }
  return out;
}
