/**
 * Export MP4 in the page, without ffmpeg: mediabunny copies the video's packets into a new MP4
 * (the picture is not re-encoded: same bytes, same times, same rotation) and WebCodecs'
 * AudioEncoder writes the soundtrack beside it: AAC where the browser has an AAC encoder, Opus
 * in MP4 otherwise (Debian's Chromium has no AAC encoder). The index goes first (fast start).
 * `muxInPage` answers null when it cannot do the job (a video codec MP4 cannot carry, a
 * container mediabunny does not read, no audio encoder): ffmpeg.wasm does it then (ffmpeg.ts).
 */
import {
  AudioSample, AudioSampleSource, BlobSource, BufferTarget, EncodedPacketSink, EncodedVideoPacketSource, Input,
  MATROSKA, MP4, Mp4OutputFormat, Output, QTFF, WEBM, canEncodeAudio, type InputVideoTrack,
} from 'mediabunny';
import { Resampler } from '../../engine/audio/resample.ts';
import { Cancelled, type FfmpegJob } from './ffmpeg.ts';

/** The soundtrack's rate in the MP4: Opus takes only 48 kHz (and 8/12/16/24); AAC takes it too. */
export const SOUNDTRACK_RATE = 48_000;
/** As ffmpeg's export wrote AAC (192k); Opus is transparent well below this. */
const SOUNDTRACK_BITRATE = 192_000;
/** Seconds of sound handed to the encoder at a time, kept just ahead of the video packets. */
const AUDIO_STEP_S = 1;

export type SoundtrackCodec = 'aac' | 'opus';

/** The first audio codec this browser can encode for the soundtrack, or null (then ffmpeg.wasm). */
export async function soundtrackCodec(): Promise<SoundtrackCodec | null> {
  if (typeof AudioEncoder === 'undefined') return null;
  for (const codec of ['aac', 'opus'] as const) {
    if (await canEncodeAudio(codec, { numberOfChannels: 1, sampleRate: SOUNDTRACK_RATE, bitrate: SOUNDTRACK_BITRATE }).catch(() => false)) return codec;
  }
  return null;
}

export interface Muxed {
  readonly blob: Blob;
  readonly audioCodec: SoundtrackCodec;
}

/**
 * The video's primary video track with `sound` (mono at `rate`, already cut or padded to the
 * video's length) as its only audio track. The video's own sound is left out. The sound is taken
 * to SOUNDTRACK_RATE by the shared band-limited resampler a second at a time, beside the video
 * packets: all at once it held the page (1.6 s a minute of sound in Node on the loaded 2-core machine).
 */
export async function muxInPage(video: Blob, sound: Float32Array, rate: number, seconds: number, job: FfmpegJob): Promise<Muxed | null> {
  const audioCodec = await soundtrackCodec();
  if (!audioCodec) return null;
  const input = new Input({ formats: [MP4, QTFF, WEBM, MATROSKA], source: new BlobSource(video) });
  try {
    const track = await input.getPrimaryVideoTrack().catch(() => null);
    const codec = await track?.getCodec();
    const format = new Mp4OutputFormat({ fastStart: 'in-memory' });
    if (!track || !codec || !format.getSupportedVideoCodecs().includes(codec)) return null;
    return { blob: await write(track, format, { sound, rate }, seconds, audioCodec, job), audioCodec };
  } finally {
    input.dispose();
  }
}

async function write(
  track: InputVideoTrack, format: Mp4OutputFormat, { sound, rate }: { sound: Float32Array; rate: number }, seconds: number,
  audioCodec: SoundtrackCodec, job: FfmpegJob,
): Promise<Blob> {
  const output = new Output({ format, target: new BufferTarget() });
  const videoOut = new EncodedVideoPacketSource((await track.getCodec())!);
  const audioOut = new AudioSampleSource({ codec: audioCodec, bitrate: SOUNDTRACK_BITRATE });
  output.addVideoTrack(videoOut, { rotation: await track.getRotation() });
  output.addAudioTrack(audioOut);
  try {
    await output.start();
    const decoderConfig = (await track.getDecoderConfig()) ?? undefined;
    const start = await track.getFirstTimestamp();
    const resampler = new Resampler(rate, SOUNDTRACK_RATE);
    let read = 0; // input samples resampled so far
    let written = 0; // output samples handed to the encoder
    const addSound = async (data: Float32Array): Promise<void> => {
      if (data.length === 0) return;
      const sample = new AudioSample({ data, format: 'f32-planar', numberOfChannels: 1, sampleRate: SOUNDTRACK_RATE, timestamp: written / SOUNDTRACK_RATE });
      await audioOut.add(sample);
      sample.close();
      written += data.length;
    };
    const audioUpTo = async (t: number): Promise<void> => {
      while (read < sound.length && read < t * rate) {
        const chunk = sound.subarray(read, Math.min(sound.length, read + AUDIO_STEP_S * rate));
        read += chunk.length;
        await addSound(resampler.push(chunk));
        if (read === sound.length) await addSound(resampler.flush());
      }
    };
    let first = true;
    let shown = -1;
    for await (const packet of new EncodedPacketSink(track).packets()) {
      if (job.signal.aborted) throw new Cancelled();
      const t = packet.timestamp - start;
      await videoOut.add(packet.clone({ timestamp: t }), first ? { decoderConfig } : undefined);
      first = false;
      await audioUpTo(t + AUDIO_STEP_S);
      const p = seconds > 0 ? Math.min(1, t / seconds) : 0;
      if (Math.round(p * 100) !== shown) {
        shown = Math.round(p * 100);
        job.onProgress?.(p, `Writing the MP4… ${shown} %`);
      }
    }
    await audioUpTo(Infinity);
    if (job.signal.aborted) throw new Cancelled();
    await output.finalize();
    return new Blob([output.target.buffer!], { type: 'video/mp4' });
  } catch (e) {
    if (output.state !== 'finalized' && output.state !== 'canceled') await output.cancel().catch(() => {});
    throw job.signal.aborted ? new Cancelled() : e;
  }
}
