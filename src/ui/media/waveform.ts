/**
 * The clip's own sound as waveform peaks. decodeAudioData needs the whole file in memory and
 * decodes every channel at the context rate, so files above WAVEFORM_MAX_BYTES are not decoded
 * (the row says so) rather than risking the tab's memory on a long 1080p clip.
 */
import { computePeaks, peakLevel, peaksRate, SILENCE } from '../../engine/media/peaks.ts';

export const WAVEFORM_MAX_BYTES = 256 * 1024 * 1024;

export type ClipSound =
  | { readonly kind: 'peaks'; readonly peaks: Float32Array; readonly perSec: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'skipped'; readonly reason: string };

export async function clipSound(blob: Blob, duration: number, signal: AbortSignal): Promise<ClipSound> {
  if (blob.size > WAVEFORM_MAX_BYTES) return { kind: 'skipped', reason: 'file over 256 MB: waveform not drawn' };
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
