/**
 * Regression: a hard cut into a dark, sparse shot was reported as a fade of 0.2 s, marked 0.2 s
 * late (the shot's first frames are flat black, its later ones are not flat but too dark for hue,
 * so the detector took the first frames for the middle of a fade). A cut between two frames is a
 * hard cut at that frame; fades are for gradual changes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegFrames } from '../../src/engine/cli/video-frames.ts';
import { analyzeFrames } from '../../src/engine/video/analyzer.ts';
import { isBlank, isFlat } from '../../src/engine/video/cuts.ts';
import type { RgbFrame } from '../../src/engine/video/frame.ts';
import { measureFrame } from '../../src/engine/video/measure.ts';
import { ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from '../../src/engine/video/spec.ts';
import { HAS_FFMPEG, drawShot, makeClip, tempDir } from './clips.ts';

/** A night sky: `stars` grey points on black, at positions that drift with k. */
function starfield(k: number, stars: number): RgbFrame {
  const data = new Uint8Array(ANALYSIS_WIDTH * ANALYSIS_HEIGHT * 3);
  for (let s = 0; s < stars; s++) {
    const x = (s * 23 + k) % ANALYSIS_WIDTH, y = (s * 11 + 5) % ANALYSIS_HEIGHT;
    data.fill(150, (y * ANALYSIS_WIDTH + x) * 3, (y * ANALYSIS_WIDTH + x) * 3 + 3);
  }
  return { width: ANALYSIS_WIDTH, height: ANALYSIS_HEIGHT, channels: 3, data };
}

/** Two frames of 4 stars (flat black by the fade test), then 12 (not flat, still too dark for hue). */
const sky = (k: number): RgbFrame => starfield(k, k < 2 ? 4 : 12);

const kinds = (cuts: readonly { kind: string; t: number }[]) => cuts.map((c) => [c.kind, c.t]);

describe('hard cuts into and out of dark shots (frames drawn in code)', () => {
  it('the sky is the case that failed: flat for two frames, then dark but not flat', () => {
    expect([0, 1].map((k) => isFlat(measureFrame(sky(k))))).toEqual([true, true]);
    const later = measureFrame(sky(2));
    expect(isFlat(later)).toBe(false);
    expect(isBlank(later)).toBe(true);
    expect(later.lumaMean).toBeLessThan(0.01);
  });

  it('a cut into the sky is a hard cut at its first frame, and the cut out of it too', async () => {
    const frames = [
      ...Array.from({ length: 20 }, (_, k) => drawShot(2, k)),
      ...Array.from({ length: 20 }, (_, k) => sky(k)),
      ...Array.from({ length: 20 }, (_, k) => drawShot(5, k)),
    ];
    const a = await analyzeFrames(frames);
    expect(kinds(a.cuts)).toEqual([['hard', 2], ['hard', 4]]);
    expect(a.series.cut[20]).toBe(1);
  });

  it('a dark grey shot that sits on the flat threshold is one shot, not a string of fades', async () => {
    // Mean luma 0.059 (flat) and 0.063 (not flat, not too dark for hue) in turns of three frames.
    const grey = (k: number): RgbFrame => {
      const base = Math.floor(k / 3) % 2 ? 16 : 15;
      const data = new Uint8Array(ANALYSIS_WIDTH * ANALYSIS_HEIGHT * 3).map((_, i) => base + (((i * 7919) % 9) - 4));
      return { width: ANALYSIS_WIDTH, height: ANALYSIS_HEIGHT, channels: 3, data };
    };
    expect([0, 3].map((k) => isFlat(measureFrame(grey(k))))).toEqual([true, false]);
    const frames = [
      ...Array.from({ length: 20 }, (_, k) => drawShot(2, k)),
      ...Array.from({ length: 20 }, (_, k) => grey(k)),
      ...Array.from({ length: 20 }, (_, k) => drawShot(5, k)),
    ];
    // Before: fades at 2.3, 2.9, 3.5 and 4 s (without hysteresis, the hard cut at 2 then fades at 2.9, 3.5, 4).
    expect(kinds((await analyzeFrames(frames)).cuts)).toEqual([['hard', 2], ['hard', 4]]);
  });

  it('a clip that opens on the sky has one cut, where the picture appears', async () => {
    const frames = [...Array.from({ length: 15 }, (_, k) => sky(k)), ...Array.from({ length: 15 }, (_, k) => drawShot(4, k))];
    expect(kinds((await analyzeFrames(frames)).cuts)).toEqual([['hard', 1.5]]);
  });

  it('a cut to a black card and back is two hard cuts; a fade through black stays one fade', async () => {
    const black = drawShot(0, 0, 0);
    const cutToBlack = [
      ...Array.from({ length: 15 }, (_, k) => drawShot(1, k)),
      ...Array.from({ length: 6 }, () => black),
      ...Array.from({ length: 15 }, (_, k) => drawShot(3, k)),
    ];
    expect(kinds((await analyzeFrames(cutToBlack)).cuts)).toEqual([['hard', 1.5], ['hard', 2.1]]);
    // The same shots with 0.4 s ramps either side of the black.
    const ramp = (n: number) => Math.min(1, n / 4);
    const fadeThrough = [
      ...Array.from({ length: 15 }, (_, k) => drawShot(1, k, ramp(15 - k))),
      ...Array.from({ length: 3 }, () => black),
      ...Array.from({ length: 15 }, (_, k) => drawShot(3, k, ramp(k + 1))),
    ];
    const fade = (await analyzeFrames(fadeThrough)).cuts;
    expect(kinds(fade)).toEqual([['fade', 1.8]]);
    expect(fade[0].from).toBe(1.5);
  });
});

describe.skipIf(!HAS_FFMPEG)('hard cuts into dark shots on an ffmpeg clip (lavfi, H.264)', () => {
  it('test pattern → sparse Game of Life on black → bars: two hard cuts, on time', async () => {
    const path = join(tempDir(), 'dark.mp4');
    makeClip(path, [
      { src: 'testsrc2', dur: 2 },
      { src: 'life=ratio=0.05:seed=1:mold=10', dur: 2 },
      { src: 'smptebars', dur: 2 },
    ]);
    // Before the fix: [['fade', 3.2]] (from 2.2), and no cut at 4.
    expect(kinds((await analyzeFrames(ffmpegFrames(path))).cuts)).toEqual([['hard', 2], ['hard', 4]]);
  });

  it('test pattern → dark grey with film grain (mean luma 0.060, on the flat threshold) → bars', async () => {
    const path = join(tempDir(), 'grain.mp4');
    makeClip(path, [{ src: 'testsrc2', dur: 2 }, { src: 'color=c=0x101010,noise=alls=30:allf=t', dur: 2 }, { src: 'smptebars', dur: 2 }]);
    expect(kinds((await analyzeFrames(ffmpegFrames(path))).cuts)).toEqual([['hard', 2], ['hard', 4]]);
  });
});
