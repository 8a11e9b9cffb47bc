/** Loudness and tempo from the mood: empty intensity and rhythm lanes drawn from arousal and valence. */
import { describe, expect, it } from 'vitest';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { sampleCurve } from '../../src/engine/curves/curve.ts';
import { MOOD_DYNAMICS, moodDynamics, moodTempo } from '../../src/engine/generate/mood-dynamics.ts';
import { emptyLanes } from '../../src/engine/project/lanes.ts';
import { beatTimes } from '../../src/engine/rhythm/beatgrid.ts';

const curve = (points: { t: number; v: number }[], free: { start: number; end: number }[] = []) => ({ kind: 'curve' as const, points, free });

describe('moodDynamics', () => {
  it('draws intensity from arousal (12 dB a unit) and a tempo map from arousal and valence', () => {
    const lanes = { ...emptyLanes(), arousal: curve([{ t: 0, v: -0.8 }, { t: 10, v: 0.8 }]), valence: curve([{ t: 0, v: 0.5 }, { t: 10, v: 0.5 }]) };
    const out = moodDynamics(lanes, 10);
    expect(out.filled).toEqual(['intensity', 'rhythm']);
    const { intensity, rhythm } = out.lanes;
    // a straight arousal ramp gives a straight intensity ramp: two points, −9.6 → +9.6 dB
    expect(intensity.points).toEqual([{ t: 0, v: -9.6 }, { t: 10, v: 9.6 }]);
    expect(sampleCurve(intensity.points, 5)).toBeCloseTo(0, 6);
    // 110 + 15·a + 25·0.5: 110.5 BPM calm, 134.5 excited
    expect(sampleCurve(rhythm.tempo, 0)).toBeCloseTo(110.5, 6);
    expect(sampleCurve(rhythm.tempo, 10)).toBeCloseTo(134.5, 6);
    expect(rhythm).toMatchObject({ beatsPerBar: 4, phase: 0, free: [] });
    // the beats speed up: the last interval is shorter than the first by the tempo ratio
    const beats = beatTimes(rhythm, 10).map((b) => b.t).filter((t) => t >= 0 && t <= 10);
    const first = beats[1] - beats[0], last = beats[beats.length - 1] - beats[beats.length - 2];
    expect(first / last).toBeGreaterThan(1.15);
    // and the controls sent have both lanes open everywhere
    const c = encodeLanes(out.lanes, 10, { sampleRate: 32000, frameRate: 50 });
    expect(c.intensity.mask.every((m) => m === 1)).toBe(true);
  });

  it('never touches a lane the person drew, and does nothing without a mood', () => {
    const drawn = { ...emptyLanes(), arousal: curve([{ t: 0, v: 0.5 }]), intensity: curve([{ t: 0, v: -3 }]) };
    const withTempo = { ...drawn, rhythm: { ...drawn.rhythm, tempo: [{ t: 0, v: 90 }] } };
    expect(moodDynamics(withTempo, 8)).toEqual({ lanes: withTempo, filled: [] });
    expect(moodDynamics(drawn, 8).filled).toEqual(['rhythm']);
    const none = emptyLanes();
    expect(moodDynamics(none, 8)).toEqual({ lanes: none, filled: [] });
  });

  it('leaves free what the mood leaves free: arousal free over 2-4 s, valence drawn throughout', () => {
    const lanes = { ...emptyLanes(), arousal: curve([{ t: 0, v: 0.9 }], [{ start: 2, end: 4 }]), valence: curve([{ t: 0, v: -0.9 }]) };
    const { intensity, rhythm } = moodDynamics(lanes, 6).lanes;
    expect(intensity.free).toEqual([{ start: 2, end: 4 }]);
    // the tempo is open wherever either mood lane speaks (valence covers 2-4 s)
    expect(rhythm.free).toEqual([]);
    // excited and dark: 110 + 13.5 − 22.5; over the free arousal span only valence counts
    expect(sampleCurve(rhythm.tempo, 1)).toBeCloseTo(101, 6);
    expect(sampleCurve(rhythm.tempo, 3)).toBeCloseTo(87.5, 6);
  });

  it('reads a mood outside [−1, 1] as its end, and keeps the tempo in its range', () => {
    expect(moodTempo(5, 5)).toBe(150);
    expect(moodTempo(-1, -1)).toBe(70);
    expect(moodTempo(0, 0)).toBe(110);
    for (const a of [-1, 0, 1]) for (const v of [-1, 0, 1]) {
      expect(moodTempo(a, v)).toBeGreaterThanOrEqual(MOOD_DYNAMICS.tempo.min);
      expect(moodTempo(a, v)).toBeLessThanOrEqual(MOOD_DYNAMICS.tempo.max);
    }
  });
});
