/**
 * The generation slice of the studio's store: the music pack (found, loading, ready), the
 * person's sampling settings, the run in progress and the take it wrote. Data only; the named
 * actions are in generation.ts. Nothing here is an edit of the project: no undo step.
 */
import type { EnsembleChoice } from '../../engine/generate/inputs.ts';
import type { Seconds } from '../../engine/project/types.ts';
import type { PackInfo } from '../../workers/generate.protocol.ts';

export type PackStatus =
  | { readonly kind: 'unknown' }
  /** No pack is offered (none installed, or not trained): why, in words. */
  | { readonly kind: 'none'; readonly why: string }
  /** Found and offered, not loaded yet. */
  | { readonly kind: 'found'; readonly pack: string; readonly trained: boolean }
  | { readonly kind: 'loading'; readonly pack: string; readonly loaded: number; readonly total: number; readonly secondsLeft: number | null }
  | { readonly kind: 'ready'; readonly info: PackInfo }
  | { readonly kind: 'failed'; readonly pack: string; readonly message: string };

export interface GenerationSettings {
  readonly seed: number;
  /** null: the pack's default (manifest `sampling`). */
  readonly guidanceScale: number | null;
  readonly temperature: number | null;
  /** null or absent: the pack's default (manifest `sampling.harmony_guidance`). */
  readonly harmonyGuidance?: number | null;
  /** null or absent: the pack's default (manifest `sampling.critic_scale`): how hard the lane critic pulls each code towards the lanes. */
  readonly critic?: number | null;
  readonly ensemble: EnsembleChoice;
  /**
   * Before a take, plan chords on the harmony lane's open spans where valence is drawn
   * (actions/proposeChords.ts planMoodChords). Absent in takes kept before it existed: on.
   */
  readonly moodChords?: boolean;
  /**
   * Before a take, draw the empty intensity and rhythm lanes from arousal and valence
   * (actions/moodDynamics.ts, engine/generate/mood-dynamics.ts). Absent in takes kept before it existed: on.
   */
  readonly moodDynamics?: boolean;
  /**
   * Ride the take's level towards the intensity lane after the codec (engine/generate/level-follow.ts).
   * Absent in takes kept before it existed: on. (It was off for a while because replays came back
   * silent in e2e runs; that was the Transport skipping its first tick, clock.ts tickSafeStart.)
   */
  readonly levelFollow?: boolean;
  /**
   * Level search: candidates written per half second, the one heard nearest the intensity lane kept
   * (engine/generate/level-search.ts); null or absent: the pack's default.
   */
  readonly levelSearch?: number | null;
}

export type GenerationRun =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly written: number; readonly total: number; readonly secondsLeft: number | null }
  | { readonly kind: 'done' | 'cancelled'; readonly seconds: Seconds; readonly elapsedMs: number;
      /** Milliseconds per step-graph run and the share of the time spent decoding audio (null: none ran). */
      readonly stepMs: number | null; readonly decodeShare: number | null; readonly yieldShare: number | null;
      /** When the worker's first things happened (ms after the call began: GenerateSummary.timeline). */
      readonly timeline?: Readonly<Record<string, number>>;
      /** Step and prefill runs whose KV cache stayed on the GPU / came back to the CPU (GenerateSummary.cache). */
      readonly cache?: { readonly onCpu: number; readonly onDevice: number };
      /** The level search: chunks whose candidates were compared, and the step runs they took (GenerateSummary.search). */
      readonly search?: { readonly chunks: number; readonly steps: number } }
  | { readonly kind: 'failed'; readonly message: string };

/** What the store knows of the take (its audio lives in playback/take.ts, outside the store). */
export interface TakeState {
  readonly id: string;
  readonly start: Seconds;
  /** Seconds of audio received so far. */
  readonly seconds: Seconds;
  readonly seed: number;
  readonly pack: string;
  /** A regenerated section of another take (takes/takes-state.ts TakeSection). */
  readonly section?: { readonly of: string; readonly start: Seconds; readonly end: Seconds };
}

export interface GenerationState {
  readonly pack: PackStatus;
  readonly settings: GenerationSettings;
  readonly run: GenerationRun;
  readonly take: TakeState | null;
}

export const IDLE_GENERATION: GenerationState = {
  pack: { kind: 'unknown' },
  settings: { seed: 1, guidanceScale: null, temperature: null, ensemble: 'auto', moodChords: true, moodDynamics: true, levelFollow: true },
  run: { kind: 'idle' },
  take: null,
};
