import { AudioDecodeError, type DecodedAudio } from './types.ts';

/**
 * The slice of Web Audio the browser decoder needs: an AudioContext or OfflineAudioContext
 * satisfies it, and so does a fake in a Node test. Keeps src/engine free of DOM types.
 */
export interface AudioBufferLike {
  readonly sampleRate: number;
  readonly numberOfChannels: number;
  getChannelData(channel: number): Float32Array;
}
export interface AudioDecoderContext {
  decodeAudioData(bytes: ArrayBuffer): Promise<AudioBufferLike>;
}

/** Page side of "audio in": the browser's own decoder (it resamples to the context's rate). */
export async function decodeWithContext(ctx: AudioDecoderContext, bytes: ArrayBuffer, label = 'audio'): Promise<DecodedAudio> {
  if (bytes.byteLength === 0) throw new AudioDecodeError(`${label}: the file is empty`);
  let buffer: AudioBufferLike;
  try {
    // decodeAudioData detaches its argument; a copy keeps the caller's bytes usable
    buffer = await ctx.decodeAudioData(bytes.slice(0));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new AudioDecodeError(`${label}: the browser cannot decode this file (${why})`);
  }
  const channels: Float32Array[] = [];
  for (let c = 0; c < buffer.numberOfChannels; c++) channels.push(buffer.getChannelData(c));
  return { channels, sampleRate: buffer.sampleRate };
}
