/**
 * A dropped file → mono samples for the extraction worker. decodeAudioData always converts to
 * its context's rate, so the context runs at the model rate and the browser's decoder does the
 * one resampling; the worker's own resampler then has nothing to do. Falls back to the
 * default rate where a 32 kHz context cannot be made.
 */
import { decodeWithContext } from '../../engine/audio/decode.browser.ts';
import { mixdown } from '../../engine/audio/mixdown.ts';
import type { MonoAudio } from '../../engine/audio/types.ts';

export async function decodeFileToMono(file: Blob & { name?: string }, sampleRate: number): Promise<MonoAudio> {
  const bytes = await file.arrayBuffer();
  let ctx: OfflineAudioContext;
  try {
    ctx = new OfflineAudioContext(1, 1, sampleRate);
  } catch {
    ctx = new OfflineAudioContext(1, 1, 44100);
  }
  return mixdown(await decodeWithContext(ctx, bytes, file.name ?? 'audio'));
}
