import { describe, expect, it } from 'vitest';
import { analyzeFrames } from '../../src/engine/video/analyzer.ts';
import type { RgbFrame } from '../../src/engine/video/frame.ts';
import { proposeCurves, proposeRhythm, toCurve } from '../../src/engine/video/proposals.ts';
import { ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from '../../src/engine/video/spec.ts';
import { suggestTempo, cutLocking } from '../../src/engine/video/tempo.ts';
import type { Cut } from '../../src/engine/video/cuts.ts';
import { drawShot, drawnClip, movingSquare, squareAt } from './clips.ts';

const solid = (r: number, g: number, b: number, noise = 0): RgbFrame => {
  const data = new Uint8Array(ANALYSIS_WIDTH * ANALYSIS_HEIGHT * 3);
  for (let i = 0; i < data.length; i += 3) {
    const n = noise ? ((i * 7919) % 61) - 30 : 0;
    data[i] = Math.max(0, Math.min(255, r + n)); data[i + 1] = Math.max(0, Math.min(255, g + n)); data[i + 2] = Math.max(0, Math.min(255, b + n));
  }
  return { width: ANALYSIS_WIDTH, height: ANALYSIS_HEIGHT, channels: 3, data };
};
const hardCut = (t: number): Cut => ({ t, frame: Math.round(t * 10), kind: 'hard', strength: 0.6 });
const mean = (pts: readonly { v: number }[]): number => pts.reduce((s, p) => s + p.v, 0) / pts.length;

describe('tempo from the picture', () => {
  it('cuts every 2 s suggest 120 BPM (a cut every bar of four), the prior breaking the octave tie', () => {
    const cuts = [2, 4, 6, 8, 10, 12, 14].map((t) => t + 0.3);
    expect(cutLocking(cuts, 0.5)).toBeCloseTo(1, 6);
    const s = suggestTempo(cuts, new Float32Array(160), 0);
    expect(s).toEqual({ bpm: 120, source: 'cuts', confidence: 1 });
  });

  it('cuts every 1.5 s suggest 120 BPM in three (or 80 in four): the grid catches every cut', () => {
    const cuts = Array.from({ length: 9 }, (_, i) => 1 + 1.5 * i);
    const s = suggestTempo(cuts, new Float32Array(150), 0);
    expect([80, 120]).toContain(s.bpm);
    const lane = proposeRhythm(cuts.map(hardCut), 15, s);
    // Every cut falls on the grid: nothing to move, nothing to add.
    expect(lane.moved).toEqual([]);
    expect(lane.added).toEqual([]);
  });

  it('a square stepping every 0.5 s suggests 120 BPM from motion', async () => {
    const frames = Array.from({ length: 100 }, (_, k) => squareAt(Math.floor(k / 5) % 2 ? 26 : 20));
    const p = proposeCurves(await analyzeFrames(frames));
    expect(p.tempo.source).toBe('motion');
    expect(p.tempo.bpm).toBeCloseTo(120, -1);
  });

  it('no cuts and no periodic motion: the tempo follows the pace (70 BPM for a still picture)', async () => {
    const p = proposeCurves(await analyzeFrames(Array.from({ length: 30 }, () => drawShot(1, 0))));
    expect(p.tempo).toEqual({ bpm: 70, source: 'pace', confidence: 0 });
    expect(p.rhythm.tempo).toEqual([{ t: 0, v: 70 }, { t: 3, v: 70 }]);
  });
});

describe('rhythm lane', () => {
  it('puts a downbeat on the cuts and moves the nearest beat onto a cut that is off the grid', () => {
    const cuts = [2, 4, 6, 8.1, 10].map(hardCut);
    const lane = proposeRhythm(cuts, 12, { bpm: 120, source: 'cuts', confidence: 1 });
    expect(lane.beatsPerBar).toBe(4);
    expect(lane.phase).toBe(0); // downbeats at 0, 2, 4, ...
    expect(lane.moved).toEqual([{ index: 16, t: 8.1 }]);
    expect(lane.added).toEqual([]);
  });

  it('adds an accent for a cut between beats', () => {
    const lane = proposeRhythm([2, 4, 6, 8, 9.25].map(hardCut), 12, { bpm: 120, source: 'cuts', confidence: 1 });
    expect(lane.added).toEqual([9.25]);
  });
});

describe('curves', () => {
  it('intensity and arousal rise with motion and cuts; a still shot is quiet', async () => {
    const still = proposeCurves(await analyzeFrames(Array.from({ length: 60 }, () => drawShot(4, 0))));
    const busy = proposeCurves(await analyzeFrames(drawnClip([6, 6, 6, 6, 6, 6, 6, 6, 6, 6], new Set()).frames));
    const moving = proposeCurves(await analyzeFrames(movingSquare(60, 8)));
    expect(still.intensity.points).toEqual([{ t: 0, v: -12 }, { t: 5.9, v: -12 }]);
    expect(mean(moving.intensity.points)).toBeGreaterThan(mean(still.intensity.points) + 3);
    expect(mean(busy.intensity.points)).toBeGreaterThan(mean(still.intensity.points) + 6);
    expect(mean(busy.arousal.points)).toBeGreaterThan(mean(still.arousal.points) + 0.3);
    for (const p of busy.intensity.points) expect(Math.abs(p.v)).toBeLessThanOrEqual(18);
  });

  it('valence: bright and warm is positive, dark and cold is negative', async () => {
    const warm = proposeCurves(await analyzeFrames(Array.from({ length: 30 }, () => solid(240, 200, 120, 1))));
    const cold = proposeCurves(await analyzeFrames(Array.from({ length: 30 }, () => solid(30, 50, 90, 1))));
    expect(mean(warm.valence.points)).toBeGreaterThan(0.5);
    expect(mean(cold.valence.points)).toBeLessThan(-0.5);
  });

  it('toCurve keeps a point per second only where the line bends', () => {
    const ramp = Array.from({ length: 51 }, (_, i) => (i < 30 ? i / 10 : 3));
    expect(toCurve(ramp, 0.05)).toEqual([{ t: 0, v: 0 }, { t: 3, v: 3 }, { t: 5, v: 3 }]);
  });
});
