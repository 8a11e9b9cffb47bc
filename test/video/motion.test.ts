import { describe, expect, it } from 'vitest';
import { analyzeFrames, type FrameDescriptor } from '../../src/engine/video/analyzer.ts';
import { contextIndex, frameIndex, patchIndex, PATCH_DIM } from '../../src/engine/video/spec.ts';
import { drawShot, movingSquare, squareAt } from './clips.ts';

const meanMotion = async (frames: Parameters<typeof analyzeFrames>[0]): Promise<number> => {
  const a = await analyzeFrames(frames);
  const m = a.series.motion;
  return m.slice(1).reduce((s, v) => s + v, 0) / (m.length - 1);
};

describe('motion energy', () => {
  it('rises with the speed of a moving square', async () => {
    const speeds = [0, 1, 2, 4, 8];
    const energy: number[] = [];
    for (const s of speeds) energy.push(await meanMotion(movingSquare(30, s)));
    expect(energy[0]).toBe(0);
    for (let i = 1; i < energy.length; i++) expect(energy[i]).toBeGreaterThan(energy[i - 1] * 1.6);
    // Golden: a 10 px dark square moving 4 px/frame over a 64×36 frame changes about 2·4·10 pixels
    // by ~0.5 luma: 0.0174 (computed), within 10 %.
    expect(energy[3]).toBeCloseTo(0.0174, 2);
  });

  it('puts the motion in the patches the square crosses', async () => {
    const rows: FrameDescriptor[] = [];
    await analyzeFrames(movingSquare(12, 3), (d) => rows.push(d));
    const pm = patchIndex('motion');
    const byPatch = Array.from({ length: 16 }, (_, p) => rows.slice(1).reduce((s, d) => s + d.patch[p * PATCH_DIM + pm], 0));
    // The square spans rows 13..22 of 36: patch rows 1 and 2 (9 px each); rows 0 and 3 never move.
    const crossed = Math.max(...byPatch);
    expect(crossed).toBeGreaterThan(0.1);
    // Only the brightness matching (the square covers more or less of the light squares) reaches them.
    for (const p of [0, 1, 2, 3, 12, 13, 14, 15]) expect(byPatch[p]).toBeLessThan(0.05 * crossed);
  });

  it('is not fooled by a fade (gain change)', async () => {
    const frames = Array.from({ length: 20 }, (_, k) => drawShot(3, 0, 1 - k / 25));
    expect(await meanMotion(frames)).toBeLessThan(0.004);
  });

  it('finds the period of a square stepping on a 120 BPM beat', async () => {
    // A step (6 px, alternating left and right) every 5 frames = every 0.5 s, still in between.
    const frames = Array.from({ length: 64 }, (_, k) => squareAt(Math.floor(k / 5) % 2 ? 26 : 20));
    const rows: FrameDescriptor[] = [];
    await analyzeFrames(frames, (d) => rows.push(d));
    const mid = rows[32].context;
    expect(mid[contextIndex('periodicity')]).toBeGreaterThan(0.8);
    expect(mid[contextIndex('period')]).toBeCloseTo(0.5, 2);
    expect(rows[32].frame[frameIndex('cut')]).toBeLessThan(0.5);
  });
});
