import { readFile } from 'node:fs/promises';
import decode from 'audio-decode';
import { AudioDecodeError, type DecodedAudio } from './types.ts';

/**
 * Node side of "audio in": WAV, FLAC, OGG/Vorbis, Opus, MP3 (and what else audio-decode
 * recognises) at any rate and channel count. The browser uses decode.browser.ts instead.
 */
export async function decodeAudioBytes(bytes: Uint8Array, label = 'audio'): Promise<DecodedAudio> {
  if (bytes.length === 0) throw new AudioDecodeError(`${label}: the file is empty`);
  let data: { channelData: Float32Array[]; sampleRate: number };
  try {
    data = await decode(bytes);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new AudioDecodeError(`${label}: not audio that can be decoded (${why}); expected WAV, FLAC, OGG, Opus or MP3`);
  }
  if (!data || !Array.isArray(data.channelData) || !(data.sampleRate > 0)) {
    throw new AudioDecodeError(`${label}: the decoder returned no audio`);
  }
  return { channels: data.channelData, sampleRate: data.sampleRate };
}

export async function decodeAudioFile(path: string): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new AudioDecodeError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return decodeAudioBytes(bytes, path);
}
