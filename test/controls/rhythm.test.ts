import { afterAll, describe, expect, it } from 'vitest';
import { extractControls } from '../../src/engine/controls/extract.ts';
import { beatF1, downbeatF1 } from '../../src/engine/metrics/index.ts';
import { applyGainDb, chords, clickTrack, drumPattern, grid, mix, whiteNoise, type GridBeat } from './synth.ts';

/** Measured numbers, printed once at the end so a run shows them, not only pass/fail. */
const report: string[] = [];
afterAll(() => console.log(`rhythm extraction\n${report.join('\n')}`));

/** A soft chord pad and noise under the rhythm, so onsets are not the only thing in the signal. */
const backgrounds = new Map<number, Float32Array>();
function background(duration: number): Float32Array {
  const cached = backgrounds.get(duration);
  if (cached) return cached;
  const prog = [[57, 60, 64], [53, 57, 60], [55, 59, 62], [52, 55, 59]];
  const bars = Math.ceil(duration / 2);
  const x = mix(chords(Array.from({ length: bars }, (_, i) => prog[i % 4]), 2, 0.05), whiteNoise(duration, 0.01));
  backgrounds.set(duration, x);
  return x;
}

function score(name: string, truth: GridBeat[], x: Float32Array) {
  const e = extractControls(x);
  const beats = beatF1(truth.map((b) => b.t), e.beats.map((b) => b.t));
  const downs = downbeatF1(truth, e.beats);
  report.push(`  ${name.padEnd(34)} beat F1 ${beats.f1.toFixed(3)}  downbeat F1 ${downs.f1.toFixed(3)}  tempo ${e.bpm.toFixed(1)}  meter ${e.beatsPerBar}`);
  return { beats, downs, e };
}

describe('beat tracking on steady tempos (bar: F1 ≥ 0.95 from 60 to 180 BPM)', () => {
  for (const bpm of [60, 72, 90, 105, 120, 140, 160, 180]) {
    it(`click track at ${bpm} BPM over a chord pad`, () => {
      const D = 20;
      const g = grid(() => bpm, D, 4);
      const { beats, e } = score(`click ${bpm} BPM`, g, mix(clickTrack(g, D), background(D)));
      expect(beats.f1).toBeGreaterThanOrEqual(0.95);
      expect(e.bpm).toBeCloseTo(bpm, -0.3); // within ±1 BPM
    });
  }
  for (const bpm of [60, 84, 100, 128, 150, 176]) {
    it(`drum pattern at ${bpm} BPM`, () => {
      const D = 20;
      const g = grid(() => bpm, D, 4);
      // at 60 BPM the half-beat hi-hats would make 120 BPM an equally valid reading: quarter notes only there
      const { beats } = score(`drums ${bpm} BPM`, g, mix(drumPattern(g, D, 4, bpm > 60), background(D)));
      expect(beats.f1).toBeGreaterThanOrEqual(0.95);
    });
  }
});

describe('beat tracking across tempo changes (bar: F1 ≥ 0.85)', () => {
  const cases: [string, (t: number) => number, number][] = [
    ['ramp 80 → 160 BPM over 40 s', (t) => 80 + 2 * t, 40],
    ['ramp 150 → 90 BPM over 30 s', (t) => 150 - 2 * t, 30],
    ['ramp 60 → 180 BPM over 60 s', (t) => 60 + 2 * t, 60],
    ['step 100 → 140 BPM at 15 s', (t) => (t < 15 ? 100 : 140), 30],
    ['step 150 → 110 BPM at 15 s', (t) => (t < 15 ? 150 : 110), 30],
  ];
  for (const [name, bpm, D] of cases) {
    it(`drums, ${name}`, () => {
      const g = grid(bpm, D, 4);
      const { beats } = score(`drums ${name}`, g, mix(drumPattern(g, D, 4), background(D)));
      expect(beats.f1).toBeGreaterThanOrEqual(0.85);
    });
  }
  it('click track, ramp 90 → 150 BPM with a crescendo', () => {
    const D = 30;
    const g = grid((t) => 90 + 2 * t, D, 4);
    const { beats } = score('click ramp 90 → 150 BPM, crescendo', g, applyGainDb(mix(clickTrack(g, D), background(D)), (t) => -15 + t / 2));
    expect(beats.f1).toBeGreaterThanOrEqual(0.85);
  });
});

describe('downbeats (bar: F1 ≥ 0.8 on accented 4/4 and 3/4)', () => {
  for (const meter of [4, 3]) {
    for (const bpm of [76, 120, 168]) {
      it(`${meter}/4 drums at ${bpm} BPM`, () => {
        const D = 24;
        const g = grid(() => bpm, D, meter);
        const { downs, e } = score(`drums ${meter}/4 ${bpm} BPM`, g, mix(drumPattern(g, D, meter), background(D)));
        expect(e.beatsPerBar).toBe(meter);
        expect(downs.f1).toBeGreaterThanOrEqual(0.8);
      });
    }
    it(`${meter}/4 accented metronome at 100 BPM`, () => {
      const D = 24;
      const g = grid(() => 100, D, meter);
      const { downs, e } = score(`click ${meter}/4 100 BPM`, g, mix(clickTrack(g, D), background(D)));
      expect(e.beatsPerBar).toBe(meter);
      expect(downs.f1).toBeGreaterThanOrEqual(0.8);
    });
  }
  it('4/4 drums with a 6 s break of silence: the pulse and the meter carry through', () => {
    const D = 30;
    const g = grid(() => 120, D, 4);
    const x = drumPattern(g, D, 4);
    x.fill(0, 10 * 32000, 16 * 32000);
    const { beats, downs, e } = score('drums 4/4 120 BPM, silent 10–16 s', g, x);
    expect(e.beatsPerBar).toBe(4);
    expect(beats.f1).toBeGreaterThanOrEqual(0.95);
    expect(downs.f1).toBeGreaterThanOrEqual(0.8);
  });
});
