import { mixdown } from './mixdown.ts';
import { ANALYSIS_RESAMPLE, resample, type ResampleOptions } from './resample.ts';
import type { DecodedAudio, MonoAudio } from './types.ts';

/**
 * Decoded audio → mono at the model's rate (32 kHz unless a pack says otherwise). Defaults to
 * the analysis filter; pass RESAMPLE_DEFAULTS where the audio itself is kept (takes, export).
 */
export function toModelAudio(audio: DecodedAudio, sampleRate: number, filter: ResampleOptions = ANALYSIS_RESAMPLE): MonoAudio {
  const mono = mixdown(audio);
  if (Math.round(mono.sampleRate) === Math.round(sampleRate)) return { samples: mono.samples, sampleRate };
  return { samples: resample(mono.samples, mono.sampleRate, sampleRate, filter), sampleRate };
}
