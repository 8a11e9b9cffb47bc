/**
 * The rhythm lane as a MIDI tempo map. Every beat the music should follow (beatgrid.ts
 * `beatTimes`: the grid with moved, removed and added beats) becomes a quarter note, so each
 * beat falls exactly on a DAW beat, and each downbeat on a bar line:
 *
 *   video time   0 ── lead-in ──▶ beat₀ ── beat₁ ── … ──▶ last beat ── (last beat length held)
 *   MIDI ticks   0   n sixteenths  4n·q/4   +PPQ          +PPQ each
 *
 * - The time before the first beat is a lead-in of whole sixteenths (about the first beat's
 *   length, at least one), in a pickup bar with the beats before the first downbeat; its tempo
 *   is whatever makes it last exactly that long.
 * - A bar is every beat from one downbeat to the next, so a bar with an added or removed beat
 *   gets its own time signature (5/4 between 4/4 bars) and the bar lines stay on downbeats.
 * - Set-tempo events follow the beats, but only where the held tempo would drift more than
 *   DRIFT_US from the lane: a steady tempo is one event, a ramp one per beat.
 * - No tempo drawn: DEFAULT_BPM in the lane's meter, and the map says it was assumed.
 */
import { beatTimes, tempoAt } from '../../rhythm/beatgrid.ts';
import type { RhythmLane, Seconds } from '../../project/types.ts';

/** Ticks per quarter note: at 960 a tick is ≤ 0.52 ms down to 60 BPM (≤ 1.04 ms at 30 BPM). */
export const PPQ = 960;
export const DEFAULT_BPM = 120;
/** Beats closer than this are one beat (a zero-length quarter has no tempo). */
const MIN_BEAT_S = 0.001;
/** How far the held tempo may drift from the lane's beats before a new set-tempo event. */
const DRIFT_US = 20;
const SIXTEENTH = PPQ / 4;

export interface GridPoint {
  readonly tick: number;
  readonly t: Seconds;
}

export interface TimeSignature {
  readonly tick: number;
  readonly numerator: number;
  readonly denominator: 4 | 16;
}

export interface TempoMap {
  /** Ticks and times that match exactly (the beats), increasing; at least two. */
  readonly points: readonly GridPoint[];
  readonly signatures: readonly TimeSignature[];
  /** Set-tempo events: microseconds per quarter from `tick` on. */
  readonly tempos: readonly { readonly tick: number; readonly us: number }[];
  /** True when the lane has no tempo and DEFAULT_BPM was assumed. */
  readonly assumed: boolean;
}

export function tempoMap(lane: RhythmLane, duration: Seconds): TempoMap {
  const meter = Math.max(1, Math.min(255, Math.round(lane.beatsPerBar)));
  const beats = beatTimes(lane, duration).filter((b, i, all) => i === 0 || b.t - all[i - 1].t >= MIN_BEAT_S);
  const bpmAt = (t: Seconds) => (lane.tempo.length ? tempoAt(lane, t) : DEFAULT_BPM);
  if (beats.length === 0) {
    const points = [{ tick: 0, t: 0 }, { tick: PPQ, t: 60 / bpmAt(0) }];
    return { points, signatures: [{ tick: 0, numerator: meter, denominator: 4 }], tempos: tempoEvents(points), assumed: lane.tempo.length === 0 };
  }
  const first = beats[0].t;
  const firstLength = beats.length > 1 ? beats[1].t - first : 60 / bpmAt(first);
  const lead = first < MIN_BEAT_S / 2 ? 0 : Math.max(1, Math.round(first / (firstLength / 4)));
  const points: GridPoint[] = lead ? [{ tick: 0, t: 0 }] : [];
  beats.forEach((b, j) => points.push({ tick: lead * SIXTEENTH + j * PPQ, t: lead === 0 && j === 0 ? 0 : b.t }));
  const last = beats[beats.length - 1];
  const lastLength = beats.length > 1 ? last.t - beats[beats.length - 2].t : 60 / bpmAt(last.t);
  points.push({ tick: points[points.length - 1].tick + PPQ, t: last.t + lastLength });
  return { points, signatures: signatures(beats.map((b) => b.downbeat), lead, meter), tempos: tempoEvents(points), assumed: false };
}

/** Time signatures: a pickup bar, then one bar per downbeat (emitted where the length changes). */
function signatures(downbeat: readonly boolean[], lead: number, meter: number): TimeSignature[] {
  const downs = downbeat.flatMap((d, j) => (d ? [j] : []));
  const out: TimeSignature[] = [];
  const put = (tick: number, numerator: number, denominator: 4 | 16) => {
    const n = Math.max(1, Math.min(255, numerator));
    const prev = out[out.length - 1];
    if (!prev || prev.numerator !== n || prev.denominator !== denominator) out.push({ tick, numerator: n, denominator });
  };
  const pickup = lead + 4 * (downs.length ? downs[0] : 0);
  if (pickup > 0) put(0, pickup % 4 === 0 ? pickup / 4 : pickup, pickup % 4 === 0 ? 4 : 16);
  if (downs.length === 0) put(pickup * SIXTEENTH, meter, 4);
  downs.forEach((d, k) => {
    const length = k + 1 < downs.length ? downs[k + 1] - d : Math.max(meter, downbeat.length - d);
    put(lead * SIXTEENTH + d * PPQ, length, 4);
  });
  return out;
}

function tempoEvents(points: readonly GridPoint[]): { tick: number; us: number }[] {
  const out: { tick: number; us: number }[] = [];
  let at = 0; // the file's time (µs) at points[i]
  let us = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const quarters = (points[i + 1].tick - points[i].tick) / PPQ;
    const target = points[i + 1].t * 1e6;
    if (us === 0 || Math.abs(at + us * quarters - target) > DRIFT_US) {
      us = Math.max(1, Math.min(0xffffff, Math.round((target - at) / quarters)));
      out.push({ tick: points[i].tick, us });
    }
    at += us * quarters;
  }
  return out;
}

/** The tick of a time on the video's axis (after the last beat, its length is held). */
export function secondsToTick(map: TempoMap, t: Seconds): number {
  const p = map.points;
  // The last point at or before t (binary search), but never the last one: it has no segment after it.
  let i = 0;
  let hi = p.length - 2;
  while (i < hi) {
    const mid = (i + hi + 1) >> 1;
    if (p[mid].t <= t) i = mid;
    else hi = mid - 1;
  }
  const a = p[i];
  const b = p[i + 1];
  return Math.max(0, Math.round(a.tick + ((t - a.t) / (b.t - a.t)) * (b.tick - a.tick)));
}
