/**
 * The browser's own <video> as the first reader of a file: if it can load the metadata and
 * decode a first frame, no transcoding is needed. A hidden, muted element is used so the
 * studio's visible player (and the clip already open) are not touched until the new file is known good.
 */
import { fpsFromFrameTimes } from '../../engine/media/describe.ts';

export interface NativeInfo {
  readonly duration: number;
  readonly width: number;
  readonly height: number;
}

/** Loads metadata and one frame; rejects when the browser cannot play the container or codec. */
export function probeNative(url: string, signal: AbortSignal, timeoutMs = 15_000): Promise<NativeInfo> {
  return new Promise((resolve, reject) => {
    const v = document.createElement('video');
    v.muted = true;
    v.preload = 'auto';
    const done = (f: () => void) => { clearTimeout(timer); signal.removeEventListener('abort', onAbort); v.removeAttribute('src'); v.load(); f(); };
    const onAbort = () => done(() => reject(new DOMException('cancelled', 'AbortError')));
    const timer = setTimeout(() => done(() => reject(new Error('the browser took too long to read it'))), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    v.onerror = () => done(() => reject(new Error(v.error?.message || 'the browser cannot play it')));
    // loadeddata = the first frame decoded: proves the codec, not only the container.
    v.onloadeddata = () => {
      const info = { duration: v.duration, width: v.videoWidth, height: v.videoHeight };
      done(() => (Number.isFinite(info.duration) && info.duration > 0 ? resolve(info) : reject(new Error('no duration'))));
    };
    v.src = url;
  });
}

/**
 * Frame rate of a clip the browser plays, from requestVideoFrameCallback's mediaTime of frames
 * played muted for a moment (about 12 frames). 0 when the browser offers no frame callbacks.
 */
export function measureFps(url: string, signal: AbortSignal, frames = 12, timeoutMs = 3000): Promise<number> {
  return new Promise((resolve) => {
    const v = document.createElement('video');
    if (!('requestVideoFrameCallback' in v)) return resolve(0);
    v.muted = true;
    const times: number[] = [];
    const finish = () => { clearTimeout(timer); v.pause(); v.removeAttribute('src'); v.load(); resolve(fpsFromFrameTimes(times)); };
    const timer = setTimeout(finish, timeoutMs);
    signal.addEventListener('abort', finish, { once: true });
    const onFrame: VideoFrameRequestCallback = (_now, meta) => {
      times.push(meta.mediaTime);
      if (times.length >= frames) finish();
      else v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
    v.src = url;
    v.play().catch(finish);
  });
}
