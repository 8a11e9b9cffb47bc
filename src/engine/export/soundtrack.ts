/**
 * The take as a video's soundtrack (Export MP4): the take sits at its place on the timeline
 * (`start` seconds in), so silence is put before it; and the video decides the length, so
 * anything past the picture's end is cut and a short take is padded with silence. Then the
 * muxer needs no offsets or -shortest (which is unreliable with a copied video stream).
 */
import type { Seconds } from '../project/types.ts';

export function soundtrackSamples(take: Float32Array, start: Seconds, rate: number, videoSeconds: Seconds): Float32Array {
  const out = new Float32Array(Math.round(videoSeconds * rate));
  const at = Math.round(start * rate);
  // a take starting before 0 (never today, but cheap to honour) loses its head
  const from = Math.max(0, -at);
  const n = Math.max(0, Math.min(take.length - from, out.length - Math.max(0, at)));
  if (n > 0) out.set(take.subarray(from, from + n), Math.max(0, at));
  return out;
}

/** "beach.mov" → "beach – Undertone.mp4" (the same rule as the WAV's name). */
export function mp4ExportName(videoName: string | null, projectName: string): string {
  const base = (videoName ?? projectName).replace(/\.[^./\\]+$/, '').trim() || 'Undertone';
  return `${base.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')} – Undertone.mp4`;
}
