/**
 * The fast path: demux with mediabunny (demux.ts: MP4/MOV, WebM/MKV), decode with WebCodecs, and convert only the
 * frames nearest each analysis time (1 in 3 at 30 fps); the others are closed at once. Frames
 * in planar YUV (what software decoders give) are copied out and area-averaged straight to
 * 64×36 (engine/video/yuv.ts): measured 5-6 ms less per frame than drawing a 720p VideoFrame
 * into a canvas. Other formats are drawn into the canvas.
 */
import { ANALYSIS_FPS } from '../../engine/video/spec.ts';
import { YUV_FORMATS, yuvToAnalysisFrame, type YuvFormat } from '../../engine/video/yuv.ts';
import { frameCanvas } from './draw.ts';
import type { DemuxedVideo } from './demux.ts';
import type { FrameSink } from './grab.ts';

/** Chunks queued in the decoder before we wait: keeps memory bounded on long files. */
const MAX_QUEUE = 24;
/** Decoded frames waiting to be converted before decoding pauses. */
const MAX_PENDING = 6;

export async function supportsWebCodecs(video: DemuxedVideo): Promise<boolean> {
  if (typeof VideoDecoder === 'undefined') return false;
  try {
    const r = await VideoDecoder.isConfigSupported(video.config);
    return r.supported === true;
  } catch {
    return false;
  }
}

export async function grabWithWebCodecs(video: DemuxedVideo, sink: FrameSink, signal?: AbortSignal): Promise<number> {
  const canvas = frameCanvas();
  let next = 0; // next analysis frame index
  let held: VideoFrame | null = null;
  let failure: unknown = null;
  let copyBuf = new Uint8Array(0);
  /** Conversions run one after another, in order, off the decoder's output callback. */
  let work: Promise<void> = Promise.resolve();
  let pending = 0;
  const pixelsOf = async (frame: VideoFrame): Promise<[Uint8Array | Uint8ClampedArray, 3 | 4]> => {
    if (frame.format && YUV_FORMATS.includes(frame.format)) {
      const rect = frame.visibleRect!;
      const size = frame.allocationSize({ rect });
      if (copyBuf.length < size) copyBuf = new Uint8Array(size);
      const layout = await frame.copyTo(copyBuf, { rect });
      const format = (frame.format === 'I420A' ? 'I420' : frame.format) as YuvFormat;
      const rgb = yuvToAnalysisFrame({
        format, width: rect.width, height: rect.height, data: copyBuf, layout,
        // The file's own colour tag, not frame.colorSpace: Chromium reports a guess (bt709) for
        // untagged video, where ffmpeg (the CLI) assumes BT.601; following the file keeps the two agree.
        matrix: video.matrix, fullRange: video.fullRange,
      }, video.rotation).data;
      return [rgb, 3];
    }
    return [canvas.draw(frame, frame.codedWidth, frame.codedHeight, video.rotation), 4];
  };
  /** Sends the held frame for every analysis time it is the nearest frame to (up to `until`). */
  const emit = (frame: VideoFrame, until: number): void => {
    let repeats = 0;
    while (next / ANALYSIS_FPS < until - 1e-9) { repeats++; next++; }
    if (repeats === 0) {
      frame.close();
      return;
    }
    pending++;
    const time = frame.timestamp / 1e6;
    work = work.then(async () => {
      try {
        const [px, channels] = await pixelsOf(frame);
        // Each frame's buffer is transferred to the worker: repeats need their own copy.
        for (let r = 0; r < repeats; r++) sink(px.slice(), channels, time);
      } finally {
        frame.close();
        pending--;
      }
    }).catch((e) => { failure = e; });
  };
  const decoder = new VideoDecoder({
    output(frame) {
      // Output is in presentation order: the held frame is the nearest one up to the midpoint.
      if (held) emit(held, (held.timestamp + frame.timestamp) / 2e6);
      held = frame;
    },
    error(e) {
      failure = e;
    },
  });
  decoder.configure({ ...video.config, optimizeForLatency: false });
  try {
    for await (const s of video.packets()) {
      signal?.throwIfAborted();
      if (failure) throw failure;
      decoder.decode(new EncodedVideoChunk({ type: s.key ? 'key' : 'delta', timestamp: Math.round(s.pts * 1e6), duration: Math.round(s.duration * 1e6), data: s.data }));
      while (decoder.decodeQueueSize > MAX_QUEUE) {
        await new Promise((resolve) => decoder.addEventListener('dequeue', resolve, { once: true }));
      }
      // Decoded frames waiting for conversion hold decoder memory: let conversions catch up.
      if (pending > MAX_PENDING) await work;
    }
    await decoder.flush();
    if (failure) throw failure;
    const last = held as VideoFrame | null;
    held = null;
    if (last) emit(last, last.timestamp / 1e6 + (last.duration ?? 0) / 1e6 / 2);
    await work;
    if (failure) throw failure;
    return next;
  } finally {
    (held as VideoFrame | null)?.close();
    if (decoder.state !== 'closed') decoder.close();
  }
}

