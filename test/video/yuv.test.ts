import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from '../../src/engine/video/spec.ts';
import { yuvToAnalysisFrame } from '../../src/engine/video/yuv.ts';
import { HAS_FFMPEG } from './clips.ts';

describe.skipIf(!HAS_FFMPEG)('YUV planes straight to the analysis size (the page\'s WebCodecs path)', () => {
  const grab = (vf: string, fmt: string): Buffer =>
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=1', '-frames:v', '1', '-vf', vf, '-f', 'rawvideo', '-pix_fmt', fmt, '-'], { maxBuffer: 1 << 24 });

  it('matches ffmpeg\'s area scaling + RGB conversion (the CLI path): colour means within 2 levels', () => {
    const yuv = grab('null', 'yuv420p');
    const rgb = grab(`format=yuv420p,scale=${ANALYSIS_WIDTH}:${ANALYSIS_HEIGHT}:flags=area`, 'rgb24');
    const ours = yuvToAnalysisFrame({
      format: 'I420', width: 1280, height: 720, data: new Uint8Array(yuv), matrix: null, fullRange: false,
      layout: [{ offset: 0, stride: 1280 }, { offset: 1280 * 720, stride: 640 }, { offset: 1280 * 720 * 1.25, stride: 640 }],
    });
    // Per pixel the two box filters differ on this sharp pattern (text, 1-px lines): measured 6.9
    // levels mean absolute difference. The frame's colour means, what the frame features see, agree.
    const bias = [0, 0, 0];
    let diff = 0;
    for (let i = 0; i < rgb.length; i++) {
      bias[i % 3] += (ours.data[i] - rgb[i]) / (rgb.length / 3);
      diff += Math.abs(rgb[i] - ours.data[i]) / rgb.length;
    }
    for (const b of bias) expect(Math.abs(b)).toBeLessThan(2);
    expect(diff).toBeLessThan(8);
  });

  it('turns a phone frame upright: 90° clockwise puts the left edge on top', () => {
    // 4×2 luma, left column bright: after a clockwise quarter turn the top row is bright.
    const w = 360, h = 640;
    const data = new Uint8Array(w * h * 1.5).fill(128);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = x < w / 4 ? 235 : 16;
    const f = yuvToAnalysisFrame({ format: 'I420', width: w, height: h, data, matrix: null, fullRange: false,
      layout: [{ offset: 0, stride: w }, { offset: w * h, stride: w / 2 }, { offset: w * h * 1.25, stride: w / 2 }] }, 90);
    const at = (x: number, y: number): number => f.data[(y * ANALYSIS_WIDTH + x) * 3];
    expect(at(32, 2)).toBe(255);
    expect(at(32, 30)).toBe(0);
  });
});
