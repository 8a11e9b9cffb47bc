/**
 * How closely one take followed its lanes, lane by lane — the studio's adherence view
 * (docs/evaluation.md, "After every take"). Asked: the lanes as they were when the take started,
 * encoded the way generation encoded them. Heard: the controls extracted back from the take's
 * audio. Each lane is scored by the evaluation's own metrics (scoreControls, majminAccuracy: one
 * definition for `npm run eval` and the studio) and the spans where the two part are marked by
 * the rules below. A lane the person left free over the whole take is reported free, unscored.
 * Times in the result are on the timeline (the take's start added).
 */
import { encodeLanes } from '../controls/encode.ts';
import type { Extraction } from '../controls/extract.ts';
import { INTENSITY_REFERENCE_DB } from '../controls/levels.ts';
import type { TimedBeat } from '../controls/rhythm-kernel.ts';
import { type ControlTrack, type Controls, emptyTrack } from '../controls/types.ts';
import { majminAccuracy, majminPieces } from '../harmony/accuracy.ts';
import type { ChordSegment } from '../harmony/symbols.ts';
import { LANE_IDS, laneSpec } from '../project/lanes.ts';
import type { LaneId, Lanes, Seconds } from '../project/types.ts';
import { BEAT_TOLERANCE_S, matchBeats } from './beats.ts';
import { comparedBeats, scoreControls } from './evaluate.ts';
import { argmaxRow, melodyFrameHits } from './melody.ts';
import { clipSpans, partingSpans, type PartingRule, shiftSpans, subtractSpans, type TimeSpan } from './spans.ts';

export type { TimeSpan } from './spans.ts';

/** Frame lanes part when they differ for half a second or more; gaps under a quarter second are bridged. */
export const PARTING: PartingRule = { minSeconds: 0.5, bridgeSeconds: 0.25 };
/** A curve parts where the heard value is more than this share of the lane's range from the asked one (6 dB, 0.33). */
export const CURVE_PART_SHARE = 1 / 6;
/** Around each beat asked and not heard (or heard and not asked) this far either side is marked. */
export const BEAT_MARK_S = 0.25;
/** At most this many points per lane go to the chart (the scores use every frame). */
export const MAX_CHART_POINTS = 400;

export interface LaneScore {
  /** "PCC", "CCC", "RMSE", "beat F1", "downbeat F1", "frame accuracy", "chord accuracy". */
  readonly name: string;
  /** NaN when nothing could be judged (e.g. only sus chords asked). */
  readonly value: number;
}

/** One chart point: null where that side says nothing (free, no note, no chord). */
export interface PointPair {
  readonly t: Seconds;
  readonly asked: number | null;
  readonly heard: number | null;
}

export interface LaneAdherence {
  readonly lane: LaneId;
  /** Left to the model over the whole take: nothing was asked, so nothing is scored. */
  readonly free: boolean;
  /** Headline first; empty when free. */
  readonly scores: readonly LaneScore[];
  /** Curves in the lane's units; melody as pitch class; harmony as the chord's root. Empty for rhythm. */
  readonly points: readonly PointPair[];
  /** Rhythm only: the beats compared (timeline seconds). */
  readonly beats: { readonly asked: readonly TimedBeat[]; readonly heard: readonly TimedBeat[] } | null;
  /** Harmony only: the chords compared (timeline seconds). */
  readonly chords: { readonly asked: readonly ChordSegment[]; readonly heard: readonly ChordSegment[] } | null;
  /** Where the heard control parts from the asked one. */
  readonly parted: readonly TimeSpan[];
  /** The lane's free spans inside the take (not scored). */
  readonly freeSpans: readonly TimeSpan[];
  /** What "parted" means for this lane, in words. */
  readonly rule: string;
}

export interface Adherence {
  readonly start: Seconds;
  readonly seconds: Seconds;
  readonly lanes: readonly LaneAdherence[];
}

/** Frames [from, from + frames) of a track; zero (free) past its end. */
function sliceTrack(t: ControlTrack, from: number, frames: number): ControlTrack {
  const out = emptyTrack(frames, t.dim);
  const end = Math.min(t.values.length / t.dim, from + frames);
  if (end > from) {
    out.values.set(t.values.subarray(from * t.dim, end * t.dim));
    out.mask.set(t.mask.subarray(from * t.dim, end * t.dim));
  }
  return out;
}

/** The controls the take was asked for, over its own frames (frame 0 = the take's start). */
export function askedControls(lanes: Lanes, start: Seconds, frames: number, rate: Controls['rate']): Controls {
  const all = encodeLanes(lanes, start + frames / rate.frameRate, rate);
  const from = Math.round(start * rate.frameRate);
  const cut = (t: ControlTrack) => sliceTrack(t, from, frames);
  return { rate, frames, rhythm: cut(all.rhythm), intensity: cut(all.intensity), melody: cut(all.melody), emotion: cut(all.emotion), harmony: cut(all.harmony) };
}

/** The chords a take was asked for: those inside it, less the lane's free spans, in take time (0 = its start). */
export function askedChords(lane: Lanes['harmony'], start: Seconds, seconds: Seconds): ChordSegment[] {
  const free = lane.free.map((x) => ({ start: x.start - start, end: x.end - start }));
  return lane.chords
    .map((c) => ({ start: Math.max(0, c.start - start), end: Math.min(seconds, c.end - start), label: c.label }))
    .filter((c) => c.end > c.start)
    .flatMap((c) => subtractSpans(c, free));
}

const anyMask = (t: ControlTrack, col: number) => {
  for (let f = 0; f < t.values.length / t.dim; f++) if (t.mask[f * t.dim + col]) return true;
  return false;
};

/** Frames sampled for the chart: every `step`-th, so a long take stays a few hundred points. */
function chartFrames(frames: number): number[] {
  const step = Math.max(1, Math.ceil(frames / MAX_CHART_POINTS));
  const out: number[] = [];
  for (let f = 0; f < frames; f += step) out.push(f);
  return out;
}

/** The root of a harmony row (columns 12..23 one-hot), −1 for none. */
function rootOf(t: ControlTrack, f: number): number {
  for (let c = 0; c < 12; c++) if (t.values[f * t.dim + 12 + c] > 0.5) return c;
  return -1;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export function adherence(lanes: Lanes, start: Seconds, heard: Extraction): Adherence {
  const h = heard.controls, fps = h.rate.frameRate, T = h.frames, seconds = T / fps;
  const asked = askedControls(lanes, start, T, h.rate);
  const s = scoreControls(asked, h);
  const frames = chartFrames(T);
  const at = (f: number) => round(start + f / fps);
  const freeOf = (id: LaneId) => clipSpans((lanes[id] as { free: readonly TimeSpan[] }).free, start, start + seconds);
  const base = (id: LaneId, free: boolean) => ({ lane: id, free, beats: null, chords: null, freeSpans: freeOf(id), points: [] as PointPair[], parted: [] as TimeSpan[], scores: [] as LaneScore[] });

  const curve = (id: 'intensity' | 'valence' | 'arousal'): LaneAdherence => {
    const track = id === 'intensity' ? 'intensity' : 'emotion', col = id === 'arousal' ? 1 : 0;
    const a = asked[track], g = h[track], dim = a.dim;
    const offset = id === 'intensity' ? INTENSITY_REFERENCE_DB : 0;
    const axis = laneSpec(id).axis!;
    const threshold = (axis.max - axis.min) * CURVE_PART_SHARE;
    const rule = `heard more than ${round(threshold)}${axis.unit ? ` ${axis.unit}` : ''} from asked for ${PARTING.minSeconds} s or more`;
    if (!anyMask(a, col)) return { ...base(id, true), rule };
    const flags = new Uint8Array(T);
    for (let f = 0; f < T; f++) flags[f] = a.mask[f * dim + col] && Math.abs(a.values[f * dim + col] - g.values[f * dim + col]) > threshold ? 1 : 0;
    const sc = s[id];
    return {
      ...base(id, false), rule,
      scores: [{ name: 'PCC', value: sc.pcc }, { name: 'CCC', value: sc.ccc }, { name: 'RMSE', value: sc.rmse }],
      points: frames.map((f) => ({
        t: at(f),
        asked: a.mask[f * dim + col] ? round(a.values[f * dim + col] - offset) : null,
        heard: round(g.values[f * dim + col] - offset),
      })),
      parted: shiftSpans(partingSpans(flags, fps, PARTING), start),
    };
  };

  const rhythm = (): LaneAdherence => {
    const rule = `a beat asked and not heard within ±${BEAT_TOLERANCE_S * 1000} ms, or heard and not asked (±${BEAT_MARK_S} s around it)`;
    if (!anyMask(asked.rhythm, 0)) return { ...base('rhythm', true), rule };
    const b = comparedBeats(asked, h);
    const m = matchBeats(b.supplied.map((x) => x.t), b.generated.map((x) => x.t));
    const flags = new Uint8Array(T);
    for (const t of [...m.missed, ...m.extra]) {
      const a = Math.max(0, Math.round((t - BEAT_MARK_S) * fps)), z = Math.min(T, Math.round((t + BEAT_MARK_S) * fps));
      flags.fill(1, a, z);
    }
    const shift = (xs: readonly TimedBeat[]) => xs.map((x) => ({ t: round(x.t + start), downbeat: x.downbeat }));
    return {
      ...base('rhythm', false), rule,
      scores: [{ name: 'beat F1', value: s.beatF1 }, { name: 'downbeat F1', value: s.downbeatF1 }],
      beats: { asked: shift(b.supplied), heard: shift(b.generated) },
      parted: shiftSpans(partingSpans(flags, fps, { minSeconds: 0, bridgeSeconds: PARTING.bridgeSeconds }), start),
    };
  };

  const melody = (): LaneAdherence => {
    const rule = `another pitch class heard (or none) for ${PARTING.minSeconds} s or more`;
    if (!anyMask(asked.melody, 0)) return { ...base('melody', true), rule };
    const hits = melodyFrameHits(asked.melody.values, h.melody.values, asked.melody.mask);
    const pc = (t: ControlTrack, f: number) => (t.mask[f * 12] ? argmaxRow(t.values, f) : -1);
    const orNull = (v: number) => (v < 0 ? null : v);
    return {
      ...base('melody', false), rule,
      scores: [{ name: 'frame accuracy', value: s.melodyAccuracy }],
      points: frames.map((f) => ({ t: at(f), asked: orNull(pc(asked.melody, f)), heard: orNull(pc(h.melody, f)) })),
      parted: shiftSpans(partingSpans(hits.map((x) => (x === 0 ? 1 : 0)), fps, PARTING), start),
    };
  };

  const harmony = (): LaneAdherence => {
    const rule = `another chord heard (root or major/minor) for ${PARTING.minSeconds} s or more`;
    const ref = askedChords(lanes.harmony, start, seconds);
    if (ref.length === 0) return { ...base('harmony', true), rule };
    const flags = new Uint8Array(T);
    for (const p of majminPieces(ref, heard.chords)) {
      if (p.match !== false) continue;
      flags.fill(1, Math.max(0, Math.ceil(p.start * fps - 1e-9)), Math.min(T, Math.ceil(p.end * fps - 1e-9)));
    }
    const orNull = (v: number) => (v < 0 ? null : v);
    const shift = (xs: readonly ChordSegment[]) => xs.map((c) => ({ start: round(c.start + start), end: round(c.end + start), label: c.label }));
    return {
      ...base('harmony', false), rule,
      scores: [{ name: 'chord accuracy', value: majminAccuracy(ref, heard.chords).accuracy }],
      points: frames.map((f) => ({
        t: at(f), asked: asked.harmony.mask[f * asked.harmony.dim] ? orNull(rootOf(asked.harmony, f)) : null, heard: orNull(rootOf(h.harmony, f)),
      })),
      chords: { asked: shift(ref), heard: shift(heard.chords) },
      parted: shiftSpans(partingSpans(flags, fps, PARTING), start),
    };
  };

  const byLane: Record<LaneId, () => LaneAdherence> = {
    rhythm, intensity: () => curve('intensity'), melody, harmony, valence: () => curve('valence'), arousal: () => curve('arousal'),
  };
  return { start, seconds, lanes: LANE_IDS.map((id) => byLane[id]()) };
}
