import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import decode from 'audio-decode';
import { mixdown } from './mixdown.ts';
import { toModelAudio } from './prepare.ts';
import { ANALYSIS_RESAMPLE, Resampler, type ResampleOptions } from './resample.ts';
import { AudioDecodeError, type DecodedAudio, type MonoAudio } from './types.ts';

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

/** Container formats audio-decode can stream, told apart by their first bytes. */
function sniff(head: Uint8Array): 'wav' | 'flac' | 'opus' | 'oga' | 'mp3' | 'aiff' | null {
  const ascii = (a: number, n: number) => String.fromCharCode(...head.subarray(a, a + n));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 4) === 'OggS') return ascii(0, Math.min(head.length, 200)).includes('OpusHead') ? 'opus' : 'oga';
  if (ascii(0, 3) === 'ID3' || (head[0] === 0xff && (head[1] & 0xe0) === 0xe0)) return 'mp3';
  if (ascii(0, 4) === 'FORM') return 'aiff';
  return null;
}

/**
 * File → mono samples at `sampleRate`, decoded, mixed down and resampled chunk by chunk: only
 * the model-rate mono signal is ever held whole (≈ 150 MB for 20 minutes at 32 kHz), never the
 * file's own multichannel PCM. Formats that cannot be streamed fall back to a whole-file decode.
 */
export async function decodeAudioFileToMono(path: string, sampleRate: number, filter?: ResampleOptions): Promise<MonoAudio> {
  let head: Uint8Array;
  try {
    const fh = await open(path, 'r');
    try {
      const buf = new Uint8Array(256);
      const { bytesRead } = await fh.read(buf, 0, 256, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new AudioDecodeError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (head.length === 0) throw new AudioDecodeError(`${path}: the file is empty`);
  const format = sniff(head);
  if (!format) return toModelAudio(await decodeAudioFile(path), sampleRate, filter);

  const parts: Float32Array[] = [];
  let resampler: Resampler | null = null;
  let rate = 0;
  try {
    for await (const pcm of decode(createReadStream(path, { highWaterMark: 1 << 20 }), format)) {
      const chunk = mixdown({ channels: pcm.channelData, sampleRate: pcm.sampleRate }).samples;
      if (!rate) {
        rate = pcm.sampleRate;
        if (Math.round(rate) !== Math.round(sampleRate)) resampler = new Resampler(rate, sampleRate, filter ?? ANALYSIS_RESAMPLE);
      }
      parts.push(resampler ? resampler.push(chunk) : chunk.slice());
    }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new AudioDecodeError(`${path}: not audio that can be decoded (${why}); expected WAV, FLAC, OGG, Opus or MP3`);
  }
  if (!rate) throw new AudioDecodeError(`${path}: no audio could be decoded from this ${format.toUpperCase()} file`);
  if (resampler) parts.push(resampler.flush());
  const samples = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { samples.set(p, o); o += p.length; }
  return { samples, sampleRate };
}
