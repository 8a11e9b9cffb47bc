/**
 * What the generation worker takes and gives (its functions are in generate.handler.ts, the
 * messages in protocol.ts): `load` a music pack (and the codec it names) with progress in bytes,
 * then `generate` takes, streaming decoded audio back while the model writes.
 */
import type { EnsembleChoice, VideoDescriptors } from '../engine/generate/inputs.ts';
import type { StopReason } from '../engine/generate/stopping.ts';
import type { Backend, SamplingDefaults } from '../engine/pack/manifest.ts';
import type { StreamPace } from '../engine/playback/stream-start.ts';
import type { Lanes, Seconds } from '../engine/project/types.ts';

export interface LoadInput {
  /** The models folder's URL, e.g. `${origin}/models`; the pack's manifest is `${baseUrl}/${pack}/manifest.json`. */
  readonly baseUrl: string;
  /** The pack's folder name. */
  readonly pack: string;
  /** Test-only: offer a pack whose manifest does not say it is trained (the tiny random pack). */
  readonly allowUntrained: boolean;
  /** 'auto': WebGPU when the browser has an adapter, else WASM. */
  readonly backend: Backend | 'auto';
  /**
   * Only from this device's cache (loading in the background before anyone asked): when a file would
   * have to be downloaded the load fails with name 'NotCached' and downloads nothing.
   */
  readonly cachedOnly?: boolean;
}

export interface LoadProgress {
  readonly file: string;
  /** Bytes of all the files to load (known after the manifests), loaded so far (cached files count at once). */
  readonly loaded: number;
  readonly total: number;
  readonly secondsLeft: number | null;
}

export interface PackInfo {
  /** The folder and the manifest's name. */
  readonly pack: string;
  readonly name: string;
  readonly trained: boolean;
  readonly backend: Backend;
  /** Why this backend, in words ("no WebGPU adapter in this browser"). */
  readonly why: string;
  readonly sampling: SamplingDefaults;
  /** Whether the codec has a lane critic (engine/generate/critic.ts): without one the Follow setting does nothing. */
  readonly critic?: boolean;
  /** Instrument families the ensemble control knows (GM program ÷ 8). */
  readonly ensembleFamilies: number;
  readonly sampleRate: number;
  readonly frameRate: number;
  readonly bytes: number;
  readonly fromCache: boolean;
  /** Where the load's time went (ms): `read <file>`, `open <file>` (session creation), the rest, `total`. */
  readonly timings?: Readonly<Record<string, number>>;
}

export interface GenerateInput {
  /** The lanes as they were when the person pressed Generate (encoded in the worker by the engine's encoders). */
  readonly lanes: Lanes;
  /** The project's length: controls are encoded over all of it. */
  readonly duration: Seconds;
  /** The video descriptors analysis computed, or null: the video condition is dropped. */
  readonly video: VideoDescriptors | null;
  readonly ensemble: EnsembleChoice;
  readonly start: Seconds;
  readonly seconds: Seconds;
  readonly seed: number;
  /** Defaults: the manifest's sampling. */
  readonly guidanceScale?: number;
  readonly temperature?: number;
  readonly topK?: number;
  /** Harmony-lane guidance (engine GenerationConfig.harmonyGuidance); absent: the pack's default. */
  readonly harmonyGuidance?: number;
  /** Lane critic scale (engine GenerationConfig.critic); absent: the pack's default. Ignored when the codec has no critic. */
  readonly critic?: number;
  /**
   * Ride the take's level towards the intensity lane after the codec (engine/generate/level-follow.ts):
   * the audio reaches the page LEVEL_FOLLOW.lookS later, and follows the lane within ±12/−18 dB.
   */
  readonly levelFollow?: boolean;
  /**
   * Level search (engine/generate/level-search.ts): candidates written per half second, the one
   * whose decoded level is nearest the intensity lane kept; absent or < 2: the pack's default (off
   * where it has none). Writing takes about that many times as long.
   */
  readonly levelSearch?: number;
  /** The chords came from the mood (the studio planned them just now): the search also hears the valence lane (GenerationConfig.moodSearch). */
  readonly moodSearch?: boolean;
  /**
   * Regenerating a section: the take's codes (K × frames, codebook-major) of every frame before
   * `start`. The loop continues them (teacher-forced, engine/generate) and the codec decodes the
   * section with their last second as context, so the section's audio starts where the take's was.
   */
  readonly prompt?: { readonly codes: Int32Array; readonly frames: number };
}

/** Decoded audio as it is written: samples from sample `at` of the take (transferred). */
export interface GenerateProgress {
  readonly at: number;
  readonly samples: Float32Array;
  /** Frames written so far and in all. */
  readonly written: number;
  readonly total: number;
  readonly secondsLeft: number | null;
  /** How the writing goes, for when to start playing (engine/playback/stream-start.ts); absent in its first steps. */
  readonly pace?: StreamPace;
  /** Set when the backend changed while writing (WebGPU failed: continued on WASM). */
  readonly backend?: { readonly backend: Backend; readonly why: string };
}

export interface GenerateSummary {
  readonly reason: StopReason;
  /** Samples sent in all (the take's length), frames written, wall time. */
  readonly samples: number;
  readonly frames: number;
  readonly elapsedMs: number;
  /** Where the time went: step-graph runs (their count and total), codec decoding, yields. */
  readonly steps: number;
  readonly stepMs: number;
  readonly decodeMs: number;
  readonly yieldMs: number;
  /** The frames written (K × frames, codebook-major): kept with the take, the prompt of a later section. */
  readonly codes: Int32Array;
  /**
   * Where the KV cache lay after each step or prefill run of the loop that finished the take (after a
   * WebGPU failure, the WASM part): `onDevice` runs left it on the GPU, `onCpu` runs brought it back
   * (engine/generate Generation.cache).
   */
  readonly cache?: { readonly onCpu: number; readonly onDevice: number };
  /** The level search of the loop that finished the take (engine/generate Generation.search): chunks compared, step runs they took. */
  readonly search?: { readonly chunks: number; readonly steps: number };
  /** When the first things happened (ms after the call began): encoders done, first step, first complete frame, first audio sent. */
  readonly timeline?: Readonly<Record<string, number>>;
}
