/**
 * The fallback for what mp4.ts or WebCodecs cannot take (WebM, fragmented MP4, HEVC...): a hidden,
 * muted <video> seeked to every analysis time in turn. Slower (each seek decodes from the previous
 * key frame) but it plays whatever Chromium plays, rotation included.
 */
import { ANALYSIS_FPS } from '../../engine/video/spec.ts';
import { frameCanvas } from './draw.ts';
import type { FrameSink } from './grab.ts';

function once(el: HTMLVideoElement, event: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onErr = (): void => reject(new Error(`this browser cannot play the video (${el.error?.message || 'unsupported format'})`));
    el.addEventListener(event, () => { el.removeEventListener('error', onErr); resolve(); }, { once: true });
    el.addEventListener('error', onErr, { once: true });
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export async function grabWithElement(url: string, sink: FrameSink, signal?: AbortSignal, onDuration?: (d: number) => void): Promise<number> {
  const el = document.createElement('video');
  el.muted = true;
  el.preload = 'auto';
  el.playsInline = true;
  el.src = url;
  try {
    await once(el, 'loadeddata', signal);
    if (!(el.videoWidth > 0 && el.videoHeight > 0)) throw new Error('the file has no video picture');
    const duration = el.duration;
    if (!Number.isFinite(duration) || duration <= 0) throw new Error('the video has no frames');
    onDuration?.(duration);
    const canvas = frameCanvas();
    const count = Math.max(1, Math.round(duration * ANALYSIS_FPS));
    for (let j = 0; j < count; j++) {
      signal?.throwIfAborted();
      el.currentTime = Math.min(j / ANALYSIS_FPS, Math.max(0, duration - 0.001));
      await once(el, 'seeked', signal);
      sink(canvas.draw(el, el.videoWidth, el.videoHeight).slice(), 4);
    }
    return count;
  } finally {
    el.removeAttribute('src');
    el.load();
  }
}
