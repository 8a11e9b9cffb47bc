import { mixdown } from './mixdown.ts';
import { resample } from './resample.ts';
import type { DecodedAudio, MonoAudio } from './types.ts';

/** Decoded audio → mono at the model's rate (32 kHz unless a pack says otherwise). */
export function toModelAudio(audio: DecodedAudio, sampleRate: number): MonoAudio {
  const mono = mixdown(audio);
  if (Math.round(mono.sampleRate) === Math.round(sampleRate)) return { samples: mono.samples, sampleRate };
  return { samples: resample(mono.samples, mono.sampleRate, sampleRate), sampleRate };
}
