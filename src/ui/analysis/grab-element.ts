/**
 * The fallback for what mp4.ts or WebCodecs cannot take (WebM, fragmented MP4, ...): a hidden,
 * muted <video> that Chromium plays. Fast way: play at a high rate and take, for each analysis
 * time, the presented frame nearest to it, with its media time (requestVideoFrameCallback).
 * Presentation is capped near the display rate, so the rate is chosen to leave a presented frame
 * within each analysis step; where playback skips, the stretch is played again more slowly (see
 * byPlayback). Slow way (no requestVideoFrameCallback): seek to every analysis time, which decodes
 * from the previous key frame each time.
 */
import { ANALYSIS_FPS } from '../../engine/video/spec.ts';
import { frameCanvas } from './draw.ts';
import type { FrameSink } from './grab.ts';

/**
 * Chromium presents at most about 60 frames a second: at 4× a presented frame every 0.067 s of
 * media time, inside the 0.1 s analysis step (6× measured worse: the pipeline starts dropping).
 */
const START_RATE = 4;

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
    const count = Math.max(1, Math.round(duration * ANALYSIS_FPS));
    const canvas = frameCanvas();
    const draw = (): void => sink(canvas.draw(el, el.videoWidth, el.videoHeight).slice(), 4);
    if (typeof el.requestVideoFrameCallback === 'function') {
      const snap = (): Uint8ClampedArray => canvas.draw(el, el.videoWidth, el.videoHeight);
      return await byPlayback(el, count, snap, (px, time) => sink(px.slice(), 4, time), signal);
    }
    for (let j = 0; j < count; j++) {
      signal?.throwIfAborted();
      el.currentTime = Math.min(j / ANALYSIS_FPS, Math.max(0, duration - 0.001));
      await once(el, 'seeked', signal);
      draw();
    }
    return count;
  } finally {
    el.pause();
    el.removeAttribute('src');
    el.load();
  }
}

/**
 * Each analysis time takes the presented frame nearest to it (a tie goes to the later frame),
 * exactly as FrameSampler does for decoded frames: the frame before a time is kept until the
 * frame after it arrives. So when playback presents every frame, the two paths see the same
 * frames, and the same picture gives the same analysis.
 *
 * Playback that skips (presented frames more than 1.5 analysis steps of media apart: under load,
 * and always while the pipeline fills at the start) would leave analysis times without their
 * frame: the skipped stretch is played again at half the rate (down to 1×, where every frame is
 * taken as it comes). After RAMP_S of media without skipping the rate doubles again.
 */
const RAMP_S = 3;

function byPlayback(el: HTMLVideoElement, count: number, snap: () => Uint8ClampedArray,
  emit: (pixels: Uint8ClampedArray, time: number) => void, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let prev: { m: number; px: Uint8ClampedArray } | null = null;
    let steadySince = 0;
    el.playbackRate = START_RATE;
    const finish = (): void => {
      // The last frame stands for the analysis times after it.
      const last = prev ?? { m: el.currentTime, px: snap() };
      while (next < count) { emit(last.px, last.m); next++; }
      resolve(count);
    };
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
      if (signal?.aborted) return reject(signal.reason);
      const m = meta.mediaTime;
      const from = prev?.m ?? 0;
      if (m - from > 1.5 / ANALYSIS_FPS && el.playbackRate > 1) {
        el.playbackRate = Math.max(1, el.playbackRate / 2);
        el.currentTime = from;
        steadySince = from;
        el.requestVideoFrameCallback(onFrame);
        return;
      }
      // A frame seen already (a seek lands on or before the last one taken).
      if (prev && m <= prev.m + 1e-6) {
        el.requestVideoFrameCallback(onFrame);
        return;
      }
      if (el.playbackRate < START_RATE && m - steadySince > RAMP_S) {
        el.playbackRate = Math.min(START_RATE, el.playbackRate * 2);
        steadySince = m;
      }
      const cur = { m, px: snap() };
      while (next < count && next / ANALYSIS_FPS <= m + 1e-6) {
        const t = next / ANALYSIS_FPS;
        const pick = prev && t - prev.m < m - t - 1e-6 ? prev : cur;
        emit(pick.px, pick.m);
        next++;
      }
      prev = cur;
      if (next >= count) { el.pause(); resolve(count); return; }
      el.requestVideoFrameCallback(onFrame);
    };
    el.addEventListener('ended', finish, { once: true });
    signal?.addEventListener('abort', () => { el.pause(); reject(signal.reason); }, { once: true });
    el.requestVideoFrameCallback(onFrame);
    el.play().catch(reject);
  });
}
