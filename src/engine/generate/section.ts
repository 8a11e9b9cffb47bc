/**
 * Regenerating a section of a take: which frames the span covers, the take's codes with the
 * section's put in their place, and the take's audio with the section's put in its place.
 *
 * The audio joins are equal-power crossfades that lie inside the span: over its first
 * `fade` samples the old take fades out while the new section fades in, over its last `fade`
 * samples the other way round — so every sample outside the span is the old take's, unchanged, and
 * at each join the music that goes on (the old take after the span, the new section after its
 * first fade) has already been sounding for a fade's length. Equal power (cos / sin gains, whose
 * squares sum to 1) keeps the loudness steady through a join of two unrelated signals, which
 * is what the old and new music of one span are.
 *
 *   old:     aaaaaaaaaa|aaaaaaaaaaaaaaaaaaaaaaaa|aaaaaaaa
 *   section:           |nnnnnnnnnnnnnnnnnnnnnnnn|
 *   out:     aaaaaaaaaa|a↘n nnnnnnnnnnnnnnnn n↘a|aaaaaaaa
 *                      ^ span start             ^ span end
 */

/** Each join's crossfade (the studio's; scripts/eval/section-joins.ts measures it). 0.25 s, not a
 * cut-hiding 0.05 s: the section and the take after it are different music, and over 24 music-v2
 * takes a 50 ms fade left the joins clicking and jumping in level more than the music around them,
 * while 250 ms put their median level jump and click at or below the controls' (docs/evaluation.md
 * "Section joins"). A section is at least four fades long. */
export const SECTION_FADE_SECONDS = 0.25;

export interface SectionFrames {
  /** First frame of the section and the frame after it, in frames of the take. */
  readonly first: number;
  readonly end: number;
}

/**
 * The take's frames that the span [start, end) (seconds on the timeline) covers, rounded to the
 * nearest frame and clamped to the take; null when that leaves nothing.
 */
export function sectionFrames(span: { start: number; end: number }, takeStart: number, takeFrames: number, frameRate: number): SectionFrames | null {
  const first = Math.max(0, Math.round((span.start - takeStart) * frameRate));
  const end = Math.min(takeFrames, Math.round((span.end - takeStart) * frameRate));
  return end > first ? { first, end } : null;
}

/** Frames [a, b) of K × N codes (codebook-major), as K × (b − a). */
export function codeFrames(codes: Int32Array, K: number, a: number, b: number): Int32Array {
  const N = codes.length / K;
  if (!(Number.isInteger(N) && a >= 0 && b <= N && a <= b)) throw new Error(`frames [${a}, ${b}) of ${K} × ${N} codes`);
  const out = new Int32Array(K * (b - a));
  for (let k = 0; k < K; k++) out.set(codes.subarray(k * N + a, k * N + b), k * (b - a));
  return out;
}

/** The take's codes (K × N) with `section` (K × n) in place of frames [first, first + n). */
export function spliceCodes(codes: Int32Array, section: Int32Array, K: number, first: number): Int32Array {
  const N = codes.length / K, n = section.length / K;
  if (!(Number.isInteger(N) && Number.isInteger(n) && first >= 0 && first + n <= N)) {
    throw new Error(`a section of ${n} frames at ${first} does not fit ${N} frames of ${K} codebooks`);
  }
  const out = codes.slice();
  for (let k = 0; k < K; k++) out.set(section.subarray(k * n, (k + 1) * n), k * N + first);
  return out;
}

/** Gain of the incoming signal at step i of an n-step equal-power fade (its outgoing partner's is the cosine). */
export const fadeIn = (i: number, n: number): number => Math.sin(((i + 0.5) / n) * (Math.PI / 2));
export const fadeOut = (i: number, n: number): number => Math.cos(((i + 0.5) / n) * (Math.PI / 2));

/**
 * The take's audio with `section` in place of samples [at, at + section.length), crossfaded over
 * `fade` samples at each end inside that span (shortened to half the section when it is shorter).
 */
export function spliceAudio(take: Float32Array, section: Float32Array, at: number, fade: number): Float32Array {
  const n = section.length;
  if (!(at >= 0 && at + n <= take.length)) throw new Error(`a section of ${n} samples at ${at} does not fit a take of ${take.length}`);
  const f = Math.max(0, Math.min(Math.round(fade), Math.floor(n / 2)));
  const out = take.slice();
  out.set(section, at);
  for (let i = 0; i < f; i++) {
    const head = at + i, tail = at + n - f + i;
    out[head] = take[head] * fadeOut(i, f) + section[i] * fadeIn(i, f);
    out[tail] = section[n - f + i] * fadeOut(i, f) + take[tail] * fadeIn(i, f);
  }
  return out;
}
