/**
 * The controls file written by `undertone extract` (docs/controls.md, "controls.json"). Plain
 * JSON so training (Python) reads it with json.load + numpy.asarray, no custom decoder.
 */
import type { Extraction } from './extract.ts';
import { keyLabel, type ChordSegment } from '../harmony/symbols.ts';
import type { ControlTrack } from './types.ts';

export const CONTROLS_FORMAT = 'undertone-controls';
/** 2: "key" and "chords" (recognised harmony) beside the tracks; the harmony track is filled. */
export const CONTROLS_VERSION = 2;

export interface ControlTrackJson {
  readonly dim: number;
  /** T rows of `dim` numbers. */
  readonly values: number[][];
  /** T rows of `dim` 0/1 flags. */
  readonly mask: number[][];
}

export interface ControlsJson {
  readonly format: typeof CONTROLS_FORMAT;
  readonly version: typeof CONTROLS_VERSION;
  readonly source: string;
  readonly duration: number;
  readonly sampleRate: number;
  readonly frameRate: number;
  readonly frames: number;
  readonly tempo: number;
  readonly beatsPerBar: number;
  readonly beats: number[];
  readonly downbeats: number[];
  /** "A minor", "Eb major"; null when nothing pitched sounds. */
  readonly key: string | null;
  /** Recognised chords tiling the clip, seconds: [{start, end, label}], "N" for no chord. */
  readonly chords: ChordSegment[];
  readonly controls: {
    readonly rhythm: ControlTrackJson;
    readonly intensity: ControlTrackJson;
    readonly melody: ControlTrackJson;
    readonly emotion: ControlTrackJson;
    readonly harmony: ControlTrackJson;
  };
}

/** 4 decimals: below any audible or visible difference, and a third of the file size of full floats. */
const r4 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : 0);

function trackJson(t: ControlTrack): ControlTrackJson {
  const T = t.values.length / t.dim;
  const values: number[][] = [];
  const mask: number[][] = [];
  for (let f = 0; f < T; f++) {
    const a = f * t.dim;
    values.push(Array.from(t.values.subarray(a, a + t.dim), r4));
    mask.push(Array.from(t.mask.subarray(a, a + t.dim), (m) => (m ? 1 : 0)));
  }
  return { dim: t.dim, values, mask };
}

export function extractionToJson(x: Extraction, source: string): ControlsJson {
  const c = x.controls;
  return {
    format: CONTROLS_FORMAT,
    version: CONTROLS_VERSION,
    source,
    duration: r4(x.duration),
    sampleRate: c.rate.sampleRate,
    frameRate: c.rate.frameRate,
    frames: c.frames,
    tempo: Math.round(x.bpm * 100) / 100,
    beatsPerBar: x.beatsPerBar,
    beats: x.beats.map((b) => r4(b.t)),
    downbeats: x.beats.filter((b) => b.downbeat).map((b) => r4(b.t)),
    key: x.key ? keyLabel(x.key) : null,
    chords: x.chords.map((c) => ({ start: r4(c.start), end: r4(c.end), label: c.label })),
    controls: { rhythm: trackJson(c.rhythm), intensity: trackJson(c.intensity), melody: trackJson(c.melody), emotion: trackJson(c.emotion), harmony: trackJson(c.harmony) },
  };
}
