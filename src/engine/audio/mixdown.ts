import type { DecodedAudio, MonoAudio } from './types.ts';

/**
 * Average of the channels (not the sum), so a mono file and the same signal on both stereo
 * channels give the same level. Non-finite samples (a broken decoder, a corrupt frame) become 0
 * so one bad value cannot turn every later statistic into NaN.
 */
export function mixdown(audio: DecodedAudio): MonoAudio {
  const { channels, sampleRate } = audio;
  if (channels.length === 0) return { samples: new Float32Array(0), sampleRate };
  const n = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(n);
  const gain = 1 / channels.length;
  for (const ch of channels) {
    for (let i = 0; i < n; i++) out[i] += ch[i] * gain;
  }
  for (let i = 0; i < n; i++) if (!Number.isFinite(out[i])) out[i] = 0;
  return { samples: out, sampleRate };
}
