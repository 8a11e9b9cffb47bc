import { describe, expect, it } from 'vitest';
import { emptyRhythmLane } from '../src/engine/project/lanes.ts';
import { beatTimes, gridBeats, snapToBeat } from '../src/engine/rhythm/beatgrid.ts';

const lane = (over: Partial<ReturnType<typeof emptyRhythmLane>>) => ({ ...emptyRhythmLane(), ...over });

describe('beat grid', () => {
  it('places beats every 0.5 s at a steady 120 BPM with downbeats every 4', () => {
    const beats = gridBeats(lane({ tempo: [{ t: 0, v: 120 }], phase: 0.25 }), 4);
    expect(beats.map((b) => +b.t.toFixed(6))).toEqual([0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3.25, 3.75]);
    expect(beats.map((b) => b.downbeat)).toEqual([true, false, false, false, true, false, false, false]);
  });

  it('extrapolates beats before the phase with the right downbeats (3/4)', () => {
    const beats = gridBeats(lane({ tempo: [{ t: 0, v: 60 }], phase: 2.5, beatsPerBar: 3 }), 5);
    expect(beats.map((b) => +b.t.toFixed(6))).toEqual([0.5, 1.5, 2.5, 3.5, 4.5]);
    expect(beats.map((b) => b.index)).toEqual([-2, -1, 0, 1, 2]);
    expect(beats.map((b) => b.downbeat)).toEqual([false, false, true, false, false]);
  });

  it('solves a linear tempo ramp exactly (60 → 120 BPM over 4 s)', () => {
    // B(t) = t + t²/8 beats; beat k at t = −4 + √(16 + 8k)
    const beats = gridBeats(lane({ tempo: [{ t: 0, v: 60 }, { t: 4, v: 120 }] }), 4.5);
    const want = [0, 1, 2, 3, 4, 5, 6].map((k) => -4 + Math.sqrt(16 + 8 * k));
    expect(beats.length).toBe(want.length);
    beats.forEach((b, i) => expect(b.t).toBeCloseTo(want[i], 9));
  });

  it('applies moved, removed and added beats', () => {
    const l = lane({ tempo: [{ t: 0, v: 120 }], moved: [{ index: 1, t: 0.6 }], removed: [2], added: [1.1] });
    const beats = beatTimes(l, 2);
    expect(beats.map((b) => +b.t.toFixed(6))).toEqual([0, 0.6, 1.1, 1.5]);
    expect(beats.map((b) => b.index)).toEqual([0, 1, null, 3]);
  });

  it('gives no beats without a tempo, and snaps to the nearest beat', () => {
    expect(beatTimes(emptyRhythmLane(), 10)).toEqual([]);
    const beats = gridBeats(lane({ tempo: [{ t: 0, v: 120 }] }), 3);
    expect(snapToBeat(beats, 1.2)).toBeCloseTo(1.0);
    expect(snapToBeat(beats, 1.3)).toBeCloseTo(1.5);
  });
});
