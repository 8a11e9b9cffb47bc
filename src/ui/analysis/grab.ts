/**
 * Frames of the opened video at the analysis rate and size, in the page. WebCodecs over
 * mediabunny's demuxer (MP4/MOV, WebM/MKV) where it can (measured several times faster than seeking; see docs/video.md), the
 * <video> element otherwise. Frames go to `sink` one at a time; nothing here keeps them.
 */
import { demuxVideo } from './demux.ts';
import { grabWithElement } from './grab-element.ts';
import { grabWithWebCodecs, supportsWebCodecs } from './grab-webcodecs.ts';

/**
 * An analysis-size frame, RGB (3) or RGBA (4); the callee may keep and transfer the buffer.
 * `time`: the presentation time (s) of the source picture it was made from, where known.
 */
export type FrameSink = (pixels: Uint8Array | Uint8ClampedArray, channels: 3 | 4, time?: number) => void;
export type GrabMethod = 'webcodecs' | 'element';

export interface GrabInfo {
  readonly method: GrabMethod;
  /** Seconds, as far as known before decoding (for the progress bar). */
  readonly duration: number;
}

export async function grabFrames(
  video: File | Blob | string,
  sink: FrameSink,
  opts: { signal?: AbortSignal; onStart?: (info: GrabInfo) => void; force?: GrabMethod } = {},
): Promise<{ method: GrabMethod; frames: number }> {
  const blob = typeof video === 'string' ? await (await fetch(video)).blob() : video;
  if (blob.size === 0) throw new Error('the file is empty');
  if (opts.force !== 'element') {
    const demuxed = await demuxVideo(blob);
    if (demuxed) {
      try {
        if (await supportsWebCodecs(demuxed)) {
          opts.onStart?.({ method: 'webcodecs', duration: demuxed.duration });
          return { method: 'webcodecs', frames: await grabWithWebCodecs(demuxed, sink, opts.signal) };
        }
      } finally {
        demuxed.close();
      }
    }
    if (opts.force === 'webcodecs') throw new Error('WebCodecs cannot decode this file');
  }
  const url = typeof video === 'string' ? video : URL.createObjectURL(blob);
  try {
    let started = false;
    const frames = await grabWithElement(url, sink, opts.signal, (duration) => {
      started = true;
      opts.onStart?.({ method: 'element', duration });
    });
    if (!started) opts.onStart?.({ method: 'element', duration: 0 });
    return { method: 'element', frames };
  } finally {
    if (typeof video !== 'string') URL.revokeObjectURL(url);
  }
}
