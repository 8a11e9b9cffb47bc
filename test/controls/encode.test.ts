import { describe, expect, it } from 'vitest';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { decodeBeats, DOWNBEAT_KERNEL } from '../../src/engine/controls/rhythm-kernel.ts';
import { savgol, savgolWeights, savgolWindow } from '../../src/engine/controls/savgol.ts';
import { frameCount } from '../../src/engine/controls/types.ts';
import { emptyLanes } from '../../src/engine/project/lanes.ts';
import type { Lanes } from '../../src/engine/project/types.ts';

const rate = { sampleRate: 32000, frameRate: 50 };

describe('lanes → control tensors', () => {
  it('an empty project gives T frames of zeros with every mask 0', () => {
    const c = encodeLanes(emptyLanes(), 2, rate);
    expect(c.frames).toBe(100);
    for (const t of [c.rhythm, c.intensity, c.melody, c.emotion]) {
      expect(t.values.every((v) => v === 0)).toBe(true);
      expect(t.mask.every((v) => v === 0)).toBe(true);
    }
    expect([c.rhythm.dim, c.intensity.dim, c.melody.dim, c.emotion.dim]).toEqual([1, 1, 12, 2]);
  });

  it('rhythm: 1 at every beat frame, plus the downbeat kernel; free spans are masked out', () => {
    const lanes: Lanes = {
      ...emptyLanes(),
      // 120 BPM, 2 beats per bar from 0.1 s: beats at 0.1, 0.6 (down at 0.1, 1.1), …
      rhythm: { ...emptyLanes().rhythm, tempo: [{ t: 0, v: 120 }], beatsPerBar: 2, phase: 0.1, free: [{ start: 1.5, end: 2 }] },
    };
    const c = encodeLanes(lanes, 2, rate);
    const v = Array.from(c.rhythm.values, (x) => Math.round(x * 1e4) / 1e4);
    const k = DOWNBEAT_KERNEL.map((x) => Math.round(x * 1e4) / 1e4);
    expect(k).toEqual([0.1353, 0.6065, 1, 0.6065, 0.1353]);
    expect(v.slice(3, 8)).toEqual([k[0], k[1], 2, k[3], k[4]]); // downbeat at frame 5
    expect(v[30]).toBe(1); // plain beat at 0.6 s
    expect(v.slice(53, 58)).toEqual([k[0], k[1], 2, k[3], k[4]]); // downbeat at 1.1 s
    expect(v[80]).toBe(0); // the beat at 1.6 s lies in the free span
    expect(c.rhythm.mask[74]).toBe(1);
    expect(c.rhythm.mask[75]).toBe(0);
    expect(v.filter((x) => x > 0).length).toBe(11);
    expect(decodeBeats(c.rhythm.values, 50, c.rhythm.mask)).toEqual([
      { t: 0.1, downbeat: true }, { t: 0.6, downbeat: false }, { t: 1.1, downbeat: true },
    ]);
  });

  it('intensity: lane dB + the −20 dBFS reference, linear between points; emotion columns are valence, arousal', () => {
    const lanes: Lanes = {
      ...emptyLanes(),
      intensity: { kind: 'curve', points: [{ t: 0, v: -6 }, { t: 1, v: 6 }], free: [] },
      valence: { kind: 'curve', points: [{ t: 0.5, v: 0.5 }], free: [{ start: 0, end: 0.2 }] },
      arousal: { kind: 'curve', points: [], free: [] },
    };
    const c = encodeLanes(lanes, 1.2, rate);
    expect(c.intensity.values[0]).toBeCloseTo(-26, 6);
    expect(c.intensity.values[25]).toBeCloseTo(-20, 6);
    expect(c.intensity.values[55]).toBeCloseTo(-14, 6); // held after the last point
    expect(c.emotion.values[0]).toBe(0);
    expect(c.emotion.mask[0]).toBe(0); // frame 0 in the valence free span
    expect(c.emotion.values[2 * 10]).toBeCloseTo(0.5, 6);
    expect(c.emotion.mask[2 * 10]).toBe(1);
    expect(c.emotion.mask[2 * 10 + 1]).toBe(0); // arousal not drawn
  });

  it('melody: one-hot pitch class over [start, end), mask 1 only under notes', () => {
    const lanes: Lanes = { ...emptyLanes(), melody: { kind: 'melody', notes: [{ id: 'a', start: 0.1, end: 0.2, pitch: 7 }, { id: 'b', start: 0.2, end: 0.26, pitch: 11 }], free: [] } };
    const c = encodeLanes(lanes, 0.4, rate);
    const pcAt = (f: number) => Array.from(c.melody.values.subarray(f * 12, f * 12 + 12)).indexOf(1);
    expect([4, 5, 9, 10, 12, 13, 14].map(pcAt)).toEqual([-1, 7, 7, 11, 11, -1, -1]) // frame 13 is t = 0.26, the end: outside;
    expect(c.melody.mask[5 * 12]).toBe(1);
    expect(c.melody.mask[13 * 12]).toBe(0);
  });

  it('frame count is ceil(duration × frame rate)', () => {
    expect(frameCount(0.1, rate)).toBe(5);
    expect(frameCount(0.101, rate)).toBe(6);
    expect(frameCount(0, rate)).toBe(0);
  });
});

describe('Savitzky–Golay (order 2)', () => {
  it('uses the textbook 5-point weights and keeps quadratics exactly', () => {
    expect(Array.from(savgolWeights(5), (w) => w * 35)).toEqual([-3, 12, 17, 12, -3].map((x) => expect.closeTo(x, 10)));
    expect(savgolWindow(1, 50)).toBe(51);
    const q = Float32Array.from({ length: 80 }, (_, i) => 0.01 * i * i - i + 3);
    const s = savgol(q, 51);
    for (let i = 25; i < 55; i++) expect(s[i]).toBeCloseTo(q[i], 2);
    expect(savgol(Float32Array.from([1, 5]), 51)).toEqual(Float32Array.from([1, 5]));
  });
});
