/**
 * The created-control sets of the full protocol (scripts/eval/created/, paper App. D.3): how many,
 * their shapes at hand-computed points, the rhythm presets' bar lines against the held-out pieces
 * they come from (test/fixtures/harmony/fixtures.json, chords change on every bar line), the
 * stretches, the melodies as lanes — and every case is a valid project lane set that encodes to
 * the controls it should.
 */
import { describe, expect, it } from 'vitest';
import FIXTURES from '../fixtures/harmony/fixtures.json' with { type: 'json' };
import { fullCases, quickCases } from '../../scripts/eval/cases.ts';
import { emotionCurves, intensityCurve, intensityCurves } from '../../scripts/eval/created/curves.ts';
import { RHYTHM_PRESETS, presetLane } from '../../scripts/eval/created/rhythm-presets.ts';
import { CREATED_SETS, createdCases } from '../../scripts/eval/created/sets.ts';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { LANE_IDS, laneSpec } from '../../src/engine/project/lanes.ts';
import { beatTimes } from '../../src/engine/rhythm/beatgrid.ts';

const preset = (id: string) => RHYTHM_PRESETS.find((p) => p.id === id)!;
const at = (points: readonly { t: number; v: number }[], t: number) => points.find((p) => Math.abs(p.t - t) < 1e-9)!.v;

describe('created-control sets', () => {
  const all = createdCases();

  it('hold 24 intensity, 36 emotion, 20 rhythm and 20 melody cases with distinct names', () => {
    expect(CREATED_SETS.map((s) => all.filter((c) => c.set === s).length)).toEqual([24, 36, 20, 20]);
    expect(new Set(all.map((c) => c.name)).size).toBe(100);
    expect(all.every((c) => c.seconds === 10)).toBe(true);
  });

  it('draw intensity as linear, tanh and cosine shapes, flipped or not, ±6 to ±15 dB', () => {
    expect(intensityCurves(10).map((c) => c.name).slice(0, 9)).toEqual([
      'linear-6db', 'linear-9db', 'linear-12db', 'linear-15db', 'linear-flipped-6db', 'linear-flipped-9db', 'linear-flipped-12db', 'linear-flipped-15db', 'tanh-6db',
    ]);
    expect(intensityCurve('linear', true, 9, 10).points).toEqual([{ t: 0, v: 9 }, { t: 10, v: -9 }]);
    const tanh = intensityCurve('tanh', false, 12, 10).points;
    expect(tanh).toHaveLength(41); // every 0.25 s
    // 12 · tanh(3(2u − 1)) / tanh(3): −12 at 0, 12 · tanh(−1.5)/tanh(3) = −10.916 at u = ¼, 0 mid-clip
    expect([at(tanh, 0), at(tanh, 2.5), at(tanh, 5), at(tanh, 10)]).toEqual([-12, -10.916, 0, 12]);
    // a swell: −15 · cos(2πu) is −15 at the ends, 0 at the quarters, +15 mid-clip; flipped, a dip
    const swell = intensityCurve('cosine', false, 15, 10).points;
    expect([at(swell, 0), at(swell, 2.5), at(swell, 5), at(swell, 7.5), at(swell, 10)]).toEqual([-15, 0, 15, 0, -15]);
    expect(at(intensityCurve('cosine', true, 15, 10).points, 5)).toBe(-15);
    for (const c of intensityCurves(10)) expect(Math.max(...c.points.map((p) => Math.abs(p.v)))).toBe(c.rangeDb);
  });

  it('draw valence and arousal rising or falling, positive, negative or across zero', () => {
    expect(emotionCurves(10).map((c) => [c.name, c.points[0].v, c.points[1].v])).toEqual([
      ['rising-positive', 0.1, 0.9], ['rising-negative', -0.9, -0.1], ['rising-crossing', -0.8, 0.8],
      ['falling-positive', 0.9, 0.1], ['falling-negative', -0.1, -0.9], ['falling-crossing', 0.8, -0.8],
    ]);
  });

  it('take the rhythm presets\' bar lines from the held-out pieces they stand for', () => {
    // pieces 0-2 of the chord fixtures are composer seeds 88000007-9; their chords change on each bar line
    const ids = ['steady-4-75', 'waltz-3-134-112', 'waltz-3-106-149'];
    ids.forEach((id, i) => {
      const bars = FIXTURES.fixtures[i].chords.map((c) => c.start).filter((t) => t < 9.9);
      const downbeats = beatTimes(presetLane(preset(id), 1, 10), 10).filter((b) => b.downbeat && b.t < 9.9).map((b) => b.t);
      expect(downbeats).toHaveLength(bars.length);
      downbeats.forEach((t, k) => expect(t).toBeCloseTo(bars[k], 2)); // within 5 ms
    });
  });

  it('stretch a preset by scaling its times and dividing its tempo, cut at the clip', () => {
    const waltz = presetLane(preset('waltz-3-134-112'), 1.2, 10);
    expect(waltz.tempo).toEqual([{ t: 0, v: 111.958 }, { t: 6.419, v: 111.958 }, { t: 6.431, v: 92.967 }]);
    expect(waltz.beatsPerBar).toBe(3);
    // the ritardando stretched by 1.2 would end at 12 s: it is cut at 10 s, at the tempo it has there
    expect(presetLane(preset('ritardando-4-103-74'), 1.2, 10).tempo).toEqual([{ t: 0, v: 85.95 }, { t: 10, v: 65.665 }]);
    expect(presetLane(preset('ritardando-4-103-74'), 0.8, 10).tempo).toEqual([{ t: 0, v: 128.925 }, { t: 8, v: 92.413 }]);
    // 75.47 BPM × 0.8: a beat every 0.8 · 60 / 75.47 = 0.636 s, 16 of them in 10 s
    const fast = beatTimes(presetLane(preset('steady-4-75'), 0.8, 10), 10);
    expect(fast).toHaveLength(16);
    expect(fast[1].t).toBeCloseTo(0.636, 3);
    const c = all.find((x) => x.name === 'rhythm/steady-4-75-x1.0')!;
    expect(c.cuts).toEqual([3.1801, 6.3601, 9.5402]); // piece 0's chord changes to the 0.1 ms
  });

  it('turn a melody into melody, harmony and rhythm lanes for the clip', () => {
    const ode = all.find((c) => c.name === 'melody/ode-to-joy')!.lanes;
    // 120 BPM: 20 beats in 10 s, 19 notes (bar 4 holds three)
    expect(ode.melody.notes).toHaveLength(19);
    expect(ode.melody.notes.slice(0, 3)).toEqual([{ id: 'n1', start: 0, end: 0.5, pitch: 6 }, { id: 'n2', start: 0.5, end: 1, pitch: 6 }, { id: 'n3', start: 1, end: 1.5, pitch: 7 }]);
    expect(ode.harmony.key).toBe('D major');
    expect(ode.harmony.chords.map((c) => [c.label, c.start, c.end])).toEqual([['D', 0, 2], ['A7', 2, 4], ['D', 4, 7], ['A', 7, 8], ['D', 8, 10]]);
    expect([ode.rhythm.tempo, ode.rhythm.beatsPerBar, ode.rhythm.phase]).toEqual([[{ t: 0, v: 120 }], 4, 0]);
    // Für Elise starts on a one-beat pickup at 140 eighths a minute: its first downbeat is at 60/140 s
    const elise = all.find((c) => c.name === 'melody/fur-elise')!.lanes;
    expect(elise.rhythm.phase).toBe(0.4286);
    expect(beatTimes(elise.rhythm, 10).find((b) => b.downbeat)!.t).toBeCloseTo(0.4286, 4);
    // a flat key spells its chords with flats
    expect(all.find((c) => c.name === 'melody/auld-lang-syne')!.lanes.harmony.chords.map((c) => c.label)).toContain('Bb');
  });

  it('are valid project lanes (each lane spec reads each case back unchanged)', () => {
    for (const c of [...all, ...quickCases()]) {
      for (const id of LANE_IDS) {
        const lane = (c.lanes as unknown as Record<string, unknown>)[id];
        expect(laneSpec(id).parse(JSON.parse(JSON.stringify(lane)), `lanes.${id}`, c.seconds), `${c.name} ${id}`).toEqual(lane);
      }
    }
  });

  it('encode to the controls each set instructs, and no others', () => {
    const masked = (t: { mask: Float32Array }) => t.mask.some((m) => m > 0);
    const which = (name: string) => {
      const c = encodeLanes(all.find((x) => x.name === name)!.lanes, 10);
      return { c, on: [masked(c.rhythm), masked(c.intensity), masked(c.melody), masked(c.emotion), masked(c.harmony)] };
    };
    const ramp = which('intensity/linear-12db');
    expect(ramp.on).toEqual([false, true, false, false, false]);
    // control = lane value − 20 dB (the mix reference): −32 dB at the start, −20 mid-clip
    expect([ramp.c.intensity.values[0], ramp.c.intensity.values[250]]).toEqual([-32, -20]);
    expect(which('emotion/v-rising-crossing+a-falling-negative').on).toEqual([false, false, false, true, false]);
    expect(which('rhythm/waltz-3-106-149-x1.1').on).toEqual([true, false, false, false, false]);
    const ode = which('melody/ode-to-joy');
    expect(ode.on).toEqual([true, false, true, false, true]);
    expect(Array.from(ode.c.melody.values.subarray(0, 12))).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]); // F#
    expect(ode.c.harmony.values[12 + 2]).toBe(1); // root D
  });

  it('are sampled evenly for a smoke run of the full mode', () => {
    const two = fullCases(2);
    expect(two.map((c) => c.name)).toEqual([
      'intensity/linear-6db', 'intensity/tanh-flipped-9db',
      'emotion/v-rising-positive+a-rising-positive', 'emotion/v-falling-positive+a-rising-negative',
      'rhythm/steady-4-75-x0.8', 'rhythm/waltz-3-106-149-x0.9',
      'melody/ode-to-joy', 'melody/silent-night',
    ]);
    expect(fullCases()).toHaveLength(100);
  });
});
