/**
 * Extracted controls → project lanes, so a reference track's curves can be offered lane by lane
 * and then edited like drawn ones. Each lane is thinned to a few points a person can drag
 * (Ramer–Douglas–Peucker, tolerances below); the rhythm lane becomes a tempo curve + meter +
 * phase whose grid reproduces the found beats, with "moved" beats where the grid alone would
 * miss one by more than MOVE_THRESHOLD_S.
 */
import { sampleCurve, simplify } from '../curves/curve.ts';
import type { CurveLane, CurvePoint, MelodyLane, Note, RhythmLane } from '../project/types.ts';
import { gridBeats } from '../rhythm/beatgrid.ts';
import type { Extraction } from './extract.ts';
import { INTENSITY_LANE_RANGE, INTENSITY_REFERENCE_DB } from './levels.ts';
import type { ControlTrack } from './types.ts';

/** Curve points every 0.25 s before thinning. */
const CURVE_STEP_S = 0.25;
const INTENSITY_TOLERANCE_DB = 1.5;
const EMOTION_TOLERANCE = 0.05;
const TEMPO_TOLERANCE_BPM = 1.5;
/** Beats per side of the running median on tempo: one wobbly interval must not become a point. */
const TEMPO_MEDIAN_HALF = 4;
const MOVE_THRESHOLD_S = 0.03;
/** Melody runs shorter than this many frames are dropped (chroma flicker, not notes). */
const MIN_NOTE_FRAMES = 3;

const round = (v: number, step: number) => Math.round(v / step) * step;

function curveFrom(track: ControlTrack, col: number, fps: number, map: (v: number) => number, tolerance: number): CurveLane {
  const T = track.values.length / track.dim;
  const step = Math.max(1, Math.round(CURVE_STEP_S * fps));
  const pts: CurvePoint[] = [];
  for (let a = 0; a < T; a += step) {
    const b = Math.min(T, a + step);
    let s = 0, n = 0;
    for (let t = a; t < b; t++) if (track.mask[t * track.dim + col]) { s += track.values[t * track.dim + col]; n++; }
    if (n) pts.push({ t: round(((a + b - 1) / 2) / fps, 0.001), v: round(map(s / n), 0.001) });
  }
  return { kind: 'curve', points: simplify(pts, tolerance), free: [] };
}

export function rhythmLaneFrom(x: Extraction): RhythmLane {
  const beats = x.beats;
  const lane: RhythmLane = { kind: 'rhythm', tempo: [], beatsPerBar: x.beatsPerBar, phase: 0, moved: [], removed: [], added: [], free: [] };
  if (beats.length < 2) return lane;
  const first = Math.max(0, beats.findIndex((b) => b.downbeat));
  const raw = beats.map((b, i) => {
    const a = beats[Math.max(0, i - 1)].t, c = beats[Math.min(beats.length - 1, i + 1)].t;
    const span = i === 0 || i === beats.length - 1 ? c - a : (c - a) / 2;
    return 60 / span;
  });
  const pts: CurvePoint[] = beats.map((b, i) => {
    const win = raw.slice(Math.max(0, i - TEMPO_MEDIAN_HALF), i + TEMPO_MEDIAN_HALF + 1).sort((p, q) => p - q);
    return { t: round(b.t, 0.001), v: round(Math.min(300, Math.max(30, win[win.length >> 1])), 0.01) };
  });
  const knots = simplify(pts, TEMPO_TOLERANCE_BPM);
  const phase = round(beats[first].t, 0.001);
  const tempo = fitTempo(knots, phase, beats.map((b, i) => ({ t: b.t, beat: i - first })));
  const shaped: RhythmLane = { ...lane, tempo, phase };
  // where the smoothed tempo map drifts from a found beat, pin that beat
  const grid = new Map(gridBeats(shaped, x.duration).map((g) => [g.index, g.t]));
  const moved = [];
  for (let i = 0; i < beats.length; i++) {
    const k = i - first;
    const g = grid.get(k);
    if (g === undefined || Math.abs(g - beats[i].t) > MOVE_THRESHOLD_S) moved.push({ index: k, t: round(beats[i].t, 0.001) });
  }
  return { ...shaped, moved };
}

/** ∫_a^b of a piecewise-linear curve held flat outside its points (exact: trapezoids between knots). */
function integrate(points: readonly CurvePoint[], a: number, b: number): number {
  if (a > b) return -integrate(points, b, a);
  const cuts = [a, ...points.map((p) => p.t).filter((t) => t > a && t < b), b];
  let s = 0;
  for (let i = 0; i + 1 < cuts.length; i++) s += ((cuts[i + 1] - cuts[i]) * (sampleCurve(points, cuts[i]) + sampleCurve(points, cuts[i + 1]))) / 2;
  return s;
}

/**
 * Tempo values at fixed knot times so that the grid lands on the found beats: the integrated
 * tempo B(t) is linear in the knot values, so a least-squares fit of B(t_i) = beat index is one
 * small linear solve (normal equations, Gaussian elimination).
 */
function fitTempo(knots: readonly CurvePoint[], phase: number, beats: readonly { t: number; beat: number }[]): CurvePoint[] {
  const J = knots.length;
  const basis = (j: number) => knots.map((k, i) => ({ t: k.t, v: i === j ? 1 : 0 }));
  const A = beats.map((b) => Array.from({ length: J }, (_, j) => integrate(basis(j), phase, b.t) / 60));
  const M = Array.from({ length: J }, () => new Array<number>(J + 1).fill(0));
  for (let i = 0; i < beats.length; i++) {
    for (let r = 0; r < J; r++) {
      for (let c = 0; c < J; c++) M[r][c] += A[i][r] * A[i][c];
      M[r][J] += A[i][r] * beats[i].beat;
    }
  }
  for (let r = 0; r < J; r++) M[r][r] += 1e-9; // a knot no beat constrains keeps a finite value
  for (let c = 0; c < J; c++) {
    let p = c;
    for (let r = c + 1; r < J; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    if (Math.abs(M[c][c]) < 1e-12) return knots.slice();
    for (let r = 0; r < J; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= J; k++) M[r][k] -= f * M[c][k];
    }
  }
  return knots.map((k, j) => {
    const v = M[j][J] / M[j][j];
    return { t: k.t, v: Number.isFinite(v) ? round(Math.min(300, Math.max(30, v)), 0.01) : k.v };
  });
}

export function melodyLaneFrom(track: ControlTrack, fps: number): MelodyLane {
  const T = track.values.length / 12;
  const pitchAt = (t: number) => {
    if (!track.mask[t * 12]) return -1;
    for (let c = 0; c < 12; c++) if (track.values[t * 12 + c] > 0.5) return c;
    return -1;
  };
  const runs: { a: number; b: number; pitch: number }[] = [];
  for (let t = 0; t < T; ) {
    const p = pitchAt(t);
    let e = t + 1;
    while (e < T && pitchAt(e) === p) e++;
    if (p >= 0 && e - t >= MIN_NOTE_FRAMES) {
      const last = runs[runs.length - 1];
      // a flicker of up to two frames inside a held note does not split it
      if (last && last.pitch === p && t - last.b <= 2) last.b = e;
      else runs.push({ a: t, b: e, pitch: p });
    }
    t = e;
  }
  const notes: Note[] = runs.map((r, i) => ({ id: `ref-${i + 1}`, start: r.a / fps, end: r.b / fps, pitch: r.pitch }));
  return { kind: 'melody', notes, free: [] };
}

/**
 * A curve lane from the extraction's controls: intensity in dB re the mix reference (clamped to
 * the lane's range), valence and arousal as they are. The registry (project/lanes.ts) puts every
 * lane's proposal together (lanesFromExtraction).
 */
export function curveLaneFrom(x: Extraction, id: 'intensity' | 'valence' | 'arousal'): CurveLane {
  const c = x.controls;
  const fps = c.rate.frameRate;
  const lim = INTENSITY_LANE_RANGE;
  if (id === 'intensity') {
    return curveFrom(c.intensity, 0, fps, (v) => Math.max(-lim, Math.min(lim, v - INTENSITY_REFERENCE_DB)), INTENSITY_TOLERANCE_DB);
  }
  return curveFrom(c.emotion, id === 'valence' ? 0 : 1, fps, (v) => v, EMOTION_TOLERANCE);
}
