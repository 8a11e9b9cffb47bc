/**
 * What the extraction worker takes and gives ("Use a reference track", and a take's adherence; its functions are in
 * extract.handler.ts, the messages in protocol.ts). The page decodes the file with the browser's
 * decoder, mixes it to mono and sends the samples (transferred, not copied); the worker resamples
 * to the model rate, extracts the controls and answers with the lanes it proposes.
 */
import type { ControlRate } from '../engine/controls/types.ts';
import type { Lanes, Seconds } from '../engine/project/types.ts';

export interface ExtractInput {
  /** Mono samples at `sampleRate`; the buffer is transferred to the worker. */
  readonly samples: Float32Array;
  readonly sampleRate: number;
  /** The model pack's rates; DEFAULT_RATE when absent. */
  readonly rate?: ControlRate;
}

export type ExtractStage = 'resampling' | 'analysing' | 'proposing' | 'scoring';

export interface ExtractProgress {
  readonly stage: ExtractStage;
  readonly fraction: number;
}

/** What the studio needs to offer the reference track lane by lane. */
export interface ReferenceProposal {
  readonly duration: number;
  readonly bpm: number;
  readonly beatsPerBar: number;
  readonly beatCount: number;
  readonly lanes: Lanes;
}

/** A take's audio and the lanes it was asked for, to be heard back (metrics/adherence.ts). */
export interface AdherenceInput extends ExtractInput {
  /** The lanes as they were when the take started. */
  readonly lanes: Lanes;
  /** Where the take starts on the timeline. */
  readonly start: Seconds;
}
