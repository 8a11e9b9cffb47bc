/**
 * The fast path: demux the MP4 ourselves (mp4.ts), decode with WebCodecs, and draw only the
 * frames nearest each analysis time (1 in 3 at 30 fps) into the small canvas; the others are
 * closed at once. Decoding runs on the browser's decoder threads, not the page's.
 */
import { ANALYSIS_FPS } from '../../engine/video/spec.ts';
import { frameCanvas } from './draw.ts';
import type { Mp4Video } from './mp4.ts';
import type { FrameSink } from './grab.ts';

/** Bytes read from the File at a time: few reads, bounded memory. */
const READ_BYTES = 4 << 20;
/** Chunks queued in the decoder before we wait: keeps memory bounded on long files. */
const MAX_QUEUE = 24;

export async function supportsWebCodecs(video: Mp4Video): Promise<boolean> {
  if (typeof VideoDecoder === 'undefined') return false;
  try {
    const r = await VideoDecoder.isConfigSupported({ codec: video.codec, description: video.description, codedWidth: video.codedWidth, codedHeight: video.codedHeight });
    return r.supported === true;
  } catch {
    return false;
  }
}

export async function grabWithWebCodecs(file: Blob, video: Mp4Video, sink: FrameSink, signal?: AbortSignal): Promise<number> {
  const canvas = frameCanvas();
  let next = 0; // next analysis frame index
  let held: VideoFrame | null = null;
  let failure: unknown = null;
  const emit = (frame: VideoFrame, until: number): void => {
    let pixels: Uint8ClampedArray | null = null;
    while (next / ANALYSIS_FPS < until - 1e-9) {
      pixels ??= canvas.draw(frame, frame.codedWidth, frame.codedHeight, video.rotation);
      sink(pixels.slice());
      next++;
    }
  };
  const decoder = new VideoDecoder({
    output(frame) {
      // Output is in presentation order: the held frame is the nearest one up to the midpoint.
      if (held) {
        const mid = (held.timestamp + frame.timestamp) / 2e6;
        emit(held, mid);
        held.close();
      }
      held = frame;
    },
    error(e) {
      failure = e;
    },
  });
  decoder.configure({ codec: video.codec, description: video.description, codedWidth: video.codedWidth, codedHeight: video.codedHeight, optimizeForLatency: false });
  let buf = new Uint8Array(0);
  let bufStart = 0;
  try {
    for (const s of video.samples) {
      signal?.throwIfAborted();
      if (failure) throw failure;
      if (s.offset < bufStart || s.offset + s.size > bufStart + buf.length) {
        bufStart = s.offset;
        buf = new Uint8Array(await file.slice(s.offset, s.offset + Math.max(READ_BYTES, s.size)).arrayBuffer());
      }
      const data = buf.subarray(s.offset - bufStart, s.offset - bufStart + s.size);
      decoder.decode(new EncodedVideoChunk({ type: s.key ? 'key' : 'delta', timestamp: Math.round(s.pts * 1e6), duration: Math.round(s.duration * 1e6), data }));
      while (decoder.decodeQueueSize > MAX_QUEUE) {
        await new Promise((resolve) => decoder.addEventListener('dequeue', resolve, { once: true }));
      }
    }
    await decoder.flush();
    if (failure) throw failure;
    const last = held as VideoFrame | null;
    if (last) emit(last, last.timestamp / 1e6 + (last.duration ?? 0) / 1e6 / 2);
    return next;
  } finally {
    (held as VideoFrame | null)?.close();
    if (decoder.state !== 'closed') decoder.close();
  }
}
