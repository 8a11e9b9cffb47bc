/**
 * Export of a take as a WAV file: the model writes 32 kHz mono (DESIGN.md); the person picks
 * 32 or 48 kHz and 16-bit PCM or 32-bit float in the settings. 48 kHz goes through the shared
 * band-limited resampler (src/engine/audio/resample.ts, its export-quality default); tests may
 * pass their own to watch the call.
 */
import type { ExportRate, WavFormat } from '../project/types.ts';
import { resample as bandLimited } from './resample.ts';
import { encodeWav } from './wav.ts';

/** The model's output rate. */
export const TAKE_RATE = 32000;

export type ResampleFn = (x: Float32Array, from: number, to: number) => Float32Array;

export interface ExportOptions {
  readonly format: WavFormat;
  readonly rate: ExportRate;
}

/** The WAV bytes of a take (channels at TAKE_RATE) in the chosen format and rate. */
export function takeToWav(channels: readonly Float32Array[], options: ExportOptions, resample: ResampleFn = bandLimited): Uint8Array {
  const out = options.rate === TAKE_RATE ? channels : channels.map((c) => resample(c, TAKE_RATE, options.rate));
  return encodeWav(out, options.rate, options.format);
}

/**
 * The file is named after the video ("beach.mov" → "beach – Undertone.wav"), falling back to the
 * project name; characters that file systems reject become "_".
 */
export function exportFileName(videoName: string | null, projectName: string): string {
  const base = (videoName ?? projectName).replace(/\.[^./\\]+$/, '').trim() || 'Undertone';
  return `${base.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')} – Undertone.wav`;
}
