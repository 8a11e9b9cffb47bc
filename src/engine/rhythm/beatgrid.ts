/**
 * The beat grid of the rhythm lane: a tempo map (BPM curve, piecewise linear in time), a meter
 * and a phase (the time of grid beat 0, a downbeat), with the person's single-beat edits applied.
 *
 * Beat k of the grid falls where the integrated tempo, counted from `phase`, reaches k beats:
 *   B(t) = ∫_phase^t bpm(τ)/60 dτ,   t_k = B⁻¹(k).
 * bpm is linear on each segment, so B is quadratic there and t_k is solved exactly.
 */
import { sampleCurve } from '../curves/curve.ts';
import type { RhythmLane, Seconds } from '../project/types.ts';

export interface Beat {
  readonly t: Seconds;
  readonly downbeat: boolean;
  /** Grid index, or null for a beat the person added by hand. */
  readonly index: number | null;
}

interface Segment {
  readonly s: number;
  readonly e: number;
  /** beats/s at s and its slope (beats/s²). */
  readonly r0: number;
  readonly slope: number;
  /** B(s) */
  readonly b0: number;
}

function segments(lane: RhythmLane, duration: Seconds): Segment[] {
  const tempo = lane.tempo;
  const cuts = [0, ...tempo.map((p) => p.t).filter((t) => t > 0 && t < duration), duration];
  const segs: Segment[] = [];
  let b = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const s = cuts[i];
    const e = cuts[i + 1];
    if (e <= s) continue;
    const r0 = sampleCurve(tempo, s) / 60;
    const r1 = sampleCurve(tempo, e) / 60;
    const slope = (r1 - r0) / (e - s);
    segs.push({ s, e, r0, slope, b0: b });
    b += (e - s) * (r0 + r1) / 2;
  }
  // Re-reference so that B(phase) = 0.
  const atPhase = integrate(segs, lane.phase);
  return segs.map((g) => ({ ...g, b0: g.b0 - atPhase }));
}

function integrate(segs: readonly Segment[], t: number): number {
  if (segs.length === 0) return 0;
  const g = segs.find((x) => t <= x.e) ?? segs[segs.length - 1];
  // Outside [0, duration] the tempo is held, so B continues linearly.
  const x = t - g.s;
  if (t < g.s) return g.b0 + x * g.r0;
  return g.b0 + x * g.r0 + 0.5 * g.slope * x * x;
}

/** Where the integrated tempo reaches `target` inside segment g (b0 <= target <= B(e)). */
function solve(g: Segment, target: number): number {
  const d = target - g.b0;
  if (Math.abs(g.slope) < 1e-12) return g.s + d / g.r0;
  // 0.5·slope·x² + r0·x − d = 0, the root in [0, e−s]; written to avoid cancellation.
  const disc = Math.max(0, g.r0 * g.r0 + 2 * g.slope * d);
  return g.s + (2 * d) / (g.r0 + Math.sqrt(disc));
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/** The grid alone (no edits), within [0, duration). */
export function gridBeats(lane: RhythmLane, duration: Seconds): Beat[] {
  if (lane.tempo.length === 0 || duration <= 0) return [];
  const segs = segments(lane, duration);
  const out: Beat[] = [];
  const meter = Math.max(1, lane.beatsPerBar);
  for (const g of segs) {
    const bEnd = integrate(segs, g.e);
    const first = Math.ceil(g.b0 - 1e-9) | 0; // | 0 turns −0 into 0
    for (let k = first; k <= bEnd + 1e-9; k++) {
      const t = solve(g, k);
      if (out.length && t - out[out.length - 1].t < 1e-6) continue; // a beat on a segment boundary
      if (t >= duration - 1e-9) break; // the timeline is [0, duration)
      out.push({ t, downbeat: mod(k, meter) === 0, index: k });
    }
  }
  return out;
}

/** The beats the music should follow: the grid with moved, removed and added beats applied. */
export function beatTimes(lane: RhythmLane, duration: Seconds): readonly Beat[] {
  const removed = new Set(lane.removed);
  const moved = new Map(lane.moved.map((m) => [m.index, m.t]));
  const beats = gridBeats(lane, duration)
    .filter((b) => !removed.has(b.index!))
    .map((b) => (moved.has(b.index!) ? { ...b, t: moved.get(b.index!)! } : b));
  for (const t of lane.added) if (t >= 0 && t < duration) beats.push({ t, downbeat: false, index: null });
  return beats.sort((a, b) => a.t - b.t);
}

/** Tempo in BPM at time t, NaN when the lane has no tempo. */
export function tempoAt(lane: RhythmLane, t: Seconds): number {
  return sampleCurve(lane.tempo, t);
}

/** The nearest beat to t (or t itself when there are no beats). */
export function snapToBeat(beats: readonly Beat[], t: Seconds): Seconds {
  if (beats.length === 0) return t;
  let lo = 0;
  let hi = beats.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (beats[mid].t <= t) lo = mid;
    else hi = mid;
  }
  return Math.abs(beats[lo].t - t) <= Math.abs(beats[hi].t - t) ? beats[lo].t : beats[hi].t;
}
