/**
 * Scales a picture (VideoFrame or <video>) into the analysis-size canvas and reads it back.
 * 'high' smoothing makes Chromium average over the source area (mipmapped), which is what
 * ffmpeg's area scaler does for the CLI; the default bilinear would alias on textures.
 */
import { ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from '../../engine/video/spec.ts';

export interface FrameCanvas {
  draw(source: CanvasImageSource, width: number, height: number, rotation?: number): Uint8ClampedArray;
}

export function frameCanvas(): FrameCanvas {
  const canvas = new OffscreenCanvas(ANALYSIS_WIDTH, ANALYSIS_HEIGHT);
  const ctx = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
  if (!ctx) throw new Error('this browser cannot draw video frames into a canvas');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  return {
    draw(source, width, height, rotation = 0) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      if (rotation === 0) {
        ctx.drawImage(source, 0, 0, width, height, 0, 0, ANALYSIS_WIDTH, ANALYSIS_HEIGHT);
      } else {
        // Turn the coded picture upright, then squash the upright picture to the analysis size
        // (the CLI's ffmpeg does the same: autorotate, then scale).
        const quarter = rotation === 90 || rotation === 270;
        ctx.translate(ANALYSIS_WIDTH / 2, ANALYSIS_HEIGHT / 2);
        ctx.rotate((rotation * Math.PI) / 180);
        const w = quarter ? ANALYSIS_HEIGHT : ANALYSIS_WIDTH, h = quarter ? ANALYSIS_WIDTH : ANALYSIS_HEIGHT;
        ctx.drawImage(source, 0, 0, width, height, -w / 2, -h / 2, w, h);
      }
      return ctx.getImageData(0, 0, ANALYSIS_WIDTH, ANALYSIS_HEIGHT).data;
    },
  };
}
