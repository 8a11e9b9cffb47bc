/**
 * Thumbnails for the filmstrip: a hidden <video> seeks to each time and a small canvas copies
 * the frame into a JPEG blob. Every seek waits on the decoder, not on the main thread, so the
 * page stays responsive; each thumbnail is handed over as soon as it exists.
 */

export const THUMB_HEIGHT = 48;

/** A seek that never completes (a damaged stretch of the file) ends the filmstrip instead of hanging it. */
const SEEK_TIMEOUT_MS = 10_000;

function seek(v: HTMLVideoElement, t: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('seek timed out')), SEEK_TIMEOUT_MS);
    v.onseeked = () => { clearTimeout(timer); resolve(); };
    v.onerror = () => { clearTimeout(timer); reject(new Error('seek failed')); };
    v.currentTime = t;
  });
}

export async function makeThumbnails(
  url: string,
  times: readonly number[],
  signal: AbortSignal,
  onThumb: (t: number, url: string) => void,
): Promise<void> {
  const v = document.createElement('video');
  v.muted = true;
  v.preload = 'auto';
  v.src = url;
  try {
    await new Promise<void>((resolve, reject) => {
      v.onloadeddata = () => resolve();
      v.onerror = () => reject(new Error('cannot load video for thumbnails'));
    });
    const h = THUMB_HEIGHT * 2; // 2× for sharp tiles on high-DPI screens
    const w = Math.max(1, Math.round((h * v.videoWidth) / Math.max(1, v.videoHeight)));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d')!;
    for (const t of times) {
      if (signal.aborted) return;
      await seek(v, t);
      ctx.drawImage(v, 0, 0, w, h);
      const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', 0.7));
      if (blob && !signal.aborted) onThumb(t, URL.createObjectURL(blob));
    }
  } finally {
    v.removeAttribute('src');
    v.load();
  }
}
