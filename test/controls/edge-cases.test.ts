import { describe, expect, it } from 'vitest';
import { extractControls } from '../../src/engine/controls/extract.ts';
import type { Extraction } from '../../src/engine/controls/extract.ts';
import { lanesFromExtraction } from '../../src/engine/project/lanes.ts';
import { clickTrack, grid, SR, whiteNoise } from './synth.ts';

function allFinite(x: Extraction): boolean {
  const c = x.controls;
  return [c.rhythm, c.intensity, c.melody, c.emotion].every((t) => t.values.every(Number.isFinite) && t.mask.every(Number.isFinite))
    && Number.isFinite(x.bpm) && x.beats.every((b) => Number.isFinite(b.t));
}

describe('bad and odd input gives defined output', () => {
  it('digital silence: no beats, floor intensity, no melody, calm emotion', () => {
    const x = extractControls(new Float32Array(3 * SR));
    expect(x.controls.frames).toBe(150);
    expect(x.beats).toEqual([]);
    expect(x.bpm).toBe(0);
    expect(x.controls.intensity.values.every((v) => v === -100)).toBe(true);
    expect(x.controls.melody.mask.every((v) => v === 0)).toBe(true);
    expect(x.controls.emotion.values[1]).toBeLessThan(-0.9);
    expect(allFinite(x)).toBe(true);
    const lanes = lanesFromExtraction(x);
    expect(lanes.rhythm.tempo).toEqual([]);
    expect(lanes.melody.notes).toEqual([]);
    expect(lanes.intensity.points.every((p) => p.v === -18)).toBe(true);
  });

  it('a 0.1 s file: 5 frames, all finite', () => {
    const x = extractControls(whiteNoise(0.1, 0.2));
    expect(x.controls.frames).toBe(5);
    expect(x.controls.melody.values.length).toBe(60);
    expect(allFinite(x)).toBe(true);
  });

  it('an empty signal: zero frames', () => {
    const x = extractControls(new Float32Array(0));
    expect(x.controls.frames).toBe(0);
    expect(x.beats).toEqual([]);
    expect(allFinite(x)).toBe(true);
  });

  it('NaN and Inf samples do not poison the result', () => {
    const s = whiteNoise(2, 0.2);
    s[1000] = NaN;
    s[2000] = Infinity;
    // mixdown() zeroes non-finite samples before analysis; extraction itself is also guarded here
    const clean = s.map((v) => (Number.isFinite(v) ? v : 0));
    expect(allFinite(extractControls(clean))).toBe(true);
  });

  it('a 20-minute file: finite output, memory bounded by the frame count', () => {
    const D = 20 * 60;
    const g = grid(() => 120, D, 4);
    const audio = clickTrack(g, D);
    const before = process.memoryUsage();
    const x = extractControls(audio);
    const after = process.memoryUsage();
    expect(x.controls.frames).toBe(60000);
    expect(allFinite(x)).toBe(true);
    expect(x.beats.length).toBeGreaterThan(0.95 * g.length);
    // features are per frame (a few hundred bytes each); nothing proportional to the samples is copied
    const grownMb = (after.arrayBuffers - before.arrayBuffers) / 2 ** 20;
    expect(grownMb).toBeLessThan(60);
  });
});
