/**
 * The project: what a person edits and what is autosaved, saved to JSON and restored.
 * Everything here is plain readonly data (no classes), so it serialises as is and can be
 * compared and stored in undo history by reference. docs/project-format.md describes it.
 */

/** Seconds on the video's time axis. */
export type Seconds = number;

/** A lane's id and the record of every lane's data come from the lane registry (lanes.ts). */
import type { Lanes } from './lanes.ts';
export type { LaneId, Lanes } from './lanes.ts';

/** A span of a lane left to the model ("free", mask 0). start < end. */
export interface FreeSpan {
  readonly start: Seconds;
  readonly end: Seconds;
}

/** A control point of a piecewise-linear curve. */
export interface CurvePoint {
  readonly t: Seconds;
  readonly v: number;
}

/**
 * A piecewise-linear curve, points sorted by t with distinct times. Before the first and after
 * the last point the curve holds its end value. An empty curve is "not drawn": the lane gives
 * the model no instruction there (mask 0), the same as a free span.
 */
export type Curve = readonly CurvePoint[];

/** Intensity, valence and arousal: a curve plus free spans. */
export interface CurveLane {
  readonly kind: 'curve';
  readonly points: Curve;
  readonly free: readonly FreeSpan[];
}

/** A beat the person moved away from where the tempo map puts it. */
export interface MovedBeat {
  /** Index of the beat in the tempo-map grid (0 = first beat at `phase`). */
  readonly index: number;
  readonly t: Seconds;
}

/**
 * Rhythm: a tempo map (BPM curve) with meter and phase gives the beat grid; single beats can
 * then be moved, removed or added by hand. Beat i of the grid is a downbeat when
 * i % beatsPerBar === 0.
 */
export interface RhythmLane {
  readonly kind: 'rhythm';
  /** Tempo curve in BPM (30..300). Empty = no rhythm instruction (free). */
  readonly tempo: Curve;
  /** Beats per bar (meter numerator): 2..12; 3 and 4 are the common ones. */
  readonly beatsPerBar: number;
  /** Time of grid beat 0, which is a downbeat. Beats before it are extrapolated backwards. */
  readonly phase: Seconds;
  readonly moved: readonly MovedBeat[];
  /** Grid indices the person deleted. */
  readonly removed: readonly number[];
  /** Extra beats at free times (never downbeats). */
  readonly added: readonly Seconds[];
  readonly free: readonly FreeSpan[];
}

/** Pitch class 0..11, 0 = C. */
export type PitchClass = number;

export interface Note {
  readonly id: string;
  readonly start: Seconds;
  readonly end: Seconds;
  readonly pitch: PitchClass;
}

/** Melody: one note at a time (notes never overlap), piano-roll style. */
export interface MelodyLane {
  readonly kind: 'melody';
  readonly notes: readonly Note[];
  readonly free: readonly FreeSpan[];
}

/** What identifies the video a project belongs to, so a loaded project can re-link it. */
export interface VideoRef {
  readonly name: string;
  readonly size: number;
  readonly type: string;
  /** SHA-256 (hex) of the first and last MiB plus the size: cheap on 1 GB files, robust to renames. */
  readonly hash: string;
  readonly duration: Seconds;
  readonly width: number;
  readonly height: number;
  /** Frames per second as measured or reported; 0 when unknown. */
  readonly fps: number;
  readonly hasAudio: boolean;
}

export type WavFormat = 'pcm16' | 'float32';
export type ExportRate = 32000 | 48000;

export interface Settings {
  readonly exportFormat: WavFormat;
  readonly exportRate: ExportRate;
  readonly snapToBeats: boolean;
  readonly metronome: boolean;
  readonly loop: { readonly start: Seconds; readonly end: Seconds } | null;
  readonly loopEnabled: boolean;
}

/** Metadata of a generated take; its audio lives in IndexedDB, keyed by id. */
export interface TakeMeta {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly start: Seconds;
  readonly end: Seconds;
  readonly seed: number;
  readonly pack: string;
  readonly kept: boolean;
}

export const PROJECT_FORMAT = 'undertone-project';
/** 2 added the harmony lane; older files are migrated when read (migrate.ts). */
export const PROJECT_VERSION = 2;

export interface Project {
  readonly format: typeof PROJECT_FORMAT;
  readonly version: typeof PROJECT_VERSION;
  readonly id: string;
  readonly name: string;
  /** Length of the timeline; the video's duration once one is linked. */
  readonly duration: Seconds;
  readonly video: VideoRef | null;
  readonly lanes: Lanes;
  readonly settings: Settings;
  readonly takes: readonly TakeMeta[];
  readonly updatedAt: string;
}
