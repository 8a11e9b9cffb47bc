/**
 * The clip's own sound as waveform peaks. decodeAudioData needs the whole file in memory, so
 * files above WAVEFORM_MAX_BYTES (a long 1080p clip) go through ffmpeg instead, which reads the
 * file in slices and hands back low-rate mono PCM; if that fails too the row says why.
 */
import { computePeaks, peakLevel, peaksRate, SILENCE } from '../../engine/media/peaks.ts';
import { Cancelled, extractSound } from './ffmpeg.ts';

export const WAVEFORM_MAX_BYTES = 128 * 1024 * 1024;

export type ClipSound =
  | { readonly kind: 'peaks'; readonly peaks: Float32Array; readonly perSec: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'skipped'; readonly reason: string };

export async function clipSound(blob: Blob, duration: number, signal: AbortSignal): Promise<ClipSound> {
  if (blob.size > WAVEFORM_MAX_BYTES) return bigFileSound(blob, duration, signal);
  const data = await blob.arrayBuffer();
  if (signal.aborted) return { kind: 'none' };
  // A low rate: peaks need no treble, and it cuts the decoded size 6× against 48 kHz.
  const ctx = new OfflineAudioContext(1, 1, 8000);
  let audio: AudioBuffer;
  try {
    audio = await ctx.decodeAudioData(data);
  } catch {
    return { kind: 'none' }; // no audio track, or one the browser cannot decode
  }
  const channels = Array.from({ length: audio.numberOfChannels }, (_, c) => audio.getChannelData(c));
  const perSec = peaksRate(duration || audio.duration);
  const peaks = computePeaks(channels, audio.sampleRate, perSec);
  return peakLevel(peaks) < SILENCE ? { kind: 'none' } : { kind: 'peaks', peaks, perSec };
}

const BIG_FILE_RATE = 4000;

async function bigFileSound(blob: Blob, duration: number, signal: AbortSignal): Promise<ClipSound> {
  let pcm: Float32Array | null;
  try {
    pcm = await extractSound(blob, BIG_FILE_RATE, { signal });
  } catch (e) {
    if (e instanceof Cancelled) return { kind: 'none' };
    return { kind: 'skipped', reason: 'sound of this large file could not be read' };
  }
  if (!pcm) return { kind: 'none' };
  const perSec = peaksRate(duration);
  const peaks = computePeaks([pcm], BIG_FILE_RATE, perSec);
  return peakLevel(peaks) < SILENCE ? { kind: 'none' } : { kind: 'peaks', peaks, perSec };
}
