/**
 * Messages between the page and extract.worker.ts ("Use a reference track"). The page decodes
 * the file with the browser's decoder, mixes it to mono and sends the samples (transferred, not
 * copied); the worker resamples to the model rate, extracts the controls and answers with the
 * lanes it proposes. Every message carries its run's id: after a cancel, late messages of that
 * run are recognised and dropped.
 */
import type { ControlRate } from '../engine/controls/types.ts';
import type { Lanes } from '../engine/project/types.ts';

export type ExtractRequest =
  | {
      readonly type: 'extract';
      readonly id: string;
      /** Mono samples at `sampleRate`; the buffer is transferred to the worker. */
      readonly samples: Float32Array;
      readonly sampleRate: number;
      /** The model pack's rates; DEFAULT_RATE when absent. */
      readonly rate?: ControlRate;
    }
  | { readonly type: 'cancel'; readonly id: string };

export type ExtractStage = 'resampling' | 'analysing' | 'proposing';

/** What the studio needs to offer the reference track lane by lane. */
export interface ReferenceProposal {
  readonly duration: number;
  readonly bpm: number;
  readonly beatsPerBar: number;
  readonly beatCount: number;
  readonly lanes: Lanes;
}

export type ExtractResponse =
  | { readonly type: 'progress'; readonly id: string; readonly stage: ExtractStage; readonly fraction: number }
  | { readonly type: 'result'; readonly id: string; readonly proposal: ReferenceProposal }
  | { readonly type: 'error'; readonly id: string; readonly message: string }
  | { readonly type: 'cancelled'; readonly id: string };
