import { afterAll, describe, expect, it } from 'vitest';
import { encodeMelody } from '../../src/engine/controls/encode.ts';
import { emotionCues, emotionTerms } from '../../src/engine/controls/emotion.ts';
import { extractControls, extractFromFeatures } from '../../src/engine/controls/extract.ts';
import { analyse } from '../../src/engine/controls/features.ts';
import { onsetEnvelope } from '../../src/engine/controls/tempo.ts';
import { INTENSITY_REFERENCE_DB } from '../../src/engine/controls/levels.ts';
import { melodyAccuracy, pcc } from '../../src/engine/metrics/index.ts';
import { applyGainDb, chords, drumPattern, grid, mix, SR, toneMelody, whiteNoise, type ToneNote } from './synth.ts';

const report: string[] = [];
afterAll(() => console.log(`melody, intensity, emotion\n${report.join('\n')}`));

/** A melody of 32 notes over two and a half octaves (G3..C6), note lengths 0.2..0.6 s. */
function melody(): { notes: ToneNote[]; duration: number } {
  const seq = [60, 62, 64, 65, 67, 69, 71, 72, 74, 76, 55, 57, 59, 61, 63, 66, 68, 70, 73, 78, 80, 84, 58, 67, 64, 60, 71, 69, 77, 75, 62, 56];
  const notes: ToneNote[] = [];
  let t = 0.2;
  for (const m of seq) {
    const d = 0.2 + ((m * 7) % 5) * 0.1;
    notes.push({ start: t, end: t + d, midi: m });
    t += d;
  }
  return { notes, duration: t + 0.3 };
}

function melodyAcc(x: Float32Array, notes: ToneNote[]) {
  const e = extractControls(x);
  const ref = encodeMelody({ kind: 'melody', notes: notes.map((n, i) => ({ id: `${i}`, start: n.start, end: n.end, pitch: n.midi % 12 })), free: [] }, e.controls.frames, 50);
  return melodyAccuracy(ref.values, e.controls.melody.values, ref.mask);
}

describe('melody (bar: frame accuracy ≥ 0.9 on a monophonic melody)', () => {
  const { notes, duration } = melody();
  it('a harmonic-tone melody', () => {
    const acc = melodyAcc(toneMelody(notes, duration), notes);
    report.push(`  melody accuracy, tones alone          ${acc.toFixed(3)}`);
    expect(acc).toBeGreaterThanOrEqual(0.9);
  });
  it('the same melody over drums and noise', () => {
    const g = grid(() => 100, duration);
    const acc = melodyAcc(mix(toneMelody(notes, duration), drumPattern(g, duration, 4), whiteNoise(duration, 0.01)), notes);
    report.push(`  melody accuracy, over drums + noise   ${acc.toFixed(3)}`);
    expect(acc).toBeGreaterThanOrEqual(0.9);
  });
  it('silence has no melody: zero rows and mask 0', () => {
    const e = extractControls(new Float32Array(SR));
    expect(e.controls.melody.values.every((v) => v === 0)).toBe(true);
    expect(e.controls.melody.mask.every((v) => v === 0)).toBe(true);
  });
});

describe('intensity (bar: PCC ≥ 0.95 against the known gain envelope)', () => {
  // ±10 dB swell with a 6 s period and a +6 dB step at 15 s
  const envelope = (t: number) => -10 + 10 * Math.sin((2 * Math.PI * t) / 6) + (t > 15 ? 6 : 0);
  const D = 30;
  const sources: [string, () => Float32Array][] = [
    ['noise', () => whiteNoise(D, 0.3)],
    ['chords', () => chords(Array.from({ length: 10 }, (_, i) => (i % 2 ? [57, 60, 64] : [60, 64, 67])), 3, 0.2)],
    ['chords + drums', () => mix(chords(Array.from({ length: 10 }, (_, i) => (i % 2 ? [57, 60, 64] : [60, 64, 67])), 3, 0.2), drumPattern(grid(() => 120, D), D, 4))],
  ];
  for (const [name, make] of sources) {
    it(`follows the envelope on ${name}`, () => {
      const x = make();
      const e = extractControls(applyGainDb(x, envelope));
      const v = e.controls.intensity.values;
      const truth = Float32Array.from({ length: v.length }, (_, f) => envelope(f / 50));
      const r = pcc({ x: truth, y: v });
      report.push(`  intensity PCC, ${name.padEnd(22)} ${r.toFixed(4)}`);
      expect(r).toBeGreaterThanOrEqual(0.95);
    });
  }
  it('reads dBFS: a full-scale sine is −3 dB, −20 dBFS noise sits at the lane reference', () => {
    const sine = Float32Array.from({ length: 2 * SR }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / SR));
    expect(extractControls(sine).controls.intensity.values[50]).toBeCloseTo(-3.01, 1);
    const noise = whiteNoise(2, 0.1 * Math.sqrt(3)); // uniform ±a has RMS a/√3 → 0.1 = −20 dBFS
    expect(extractControls(noise).controls.intensity.values[50]).toBeCloseTo(INTENSITY_REFERENCE_DB, 0);
  });
});

describe('emotion moves in the documented direction', () => {
  const mean = (x: Float32Array, col: number) => {
    let s = 0;
    for (let i = col; i < x.length; i += 2) s += x[i];
    return s / (x.length / 2);
  };
  const va = (x: Float32Array) => {
    const e = extractControls(x).controls.emotion.values;
    return { v: mean(e, 0), a: mean(e, 1) };
  };
  it('major harmony has higher valence than minor', () => {
    const major = va(chords([[60, 64, 67], [65, 69, 72], [67, 71, 74], [60, 64, 67]], 3));
    const minor = va(chords([[60, 63, 67], [65, 68, 72], [67, 70, 74], [60, 63, 67]], 3));
    report.push(`  valence major ${major.v.toFixed(3)} vs minor ${minor.v.toFixed(3)}`);
    expect(major.v - minor.v).toBeGreaterThan(0.3);
  });
  it('fast drums have higher arousal than slow ones', () => {
    const slow = va(drumPattern(grid(() => 66, 20), 20, 4, false));
    const fast = va(drumPattern(grid(() => 160, 20), 20, 4));
    report.push(`  arousal slow ${slow.a.toFixed(3)} vs fast ${fast.a.toFixed(3)}`);
    expect(fast.a - slow.a).toBeGreaterThan(0.3);
  });
  it('loud has higher arousal than soft, valence unchanged', () => {
    const base = mix(chords([[60, 64, 67], [65, 69, 72]], 6), drumPattern(grid(() => 110, 12), 12));
    const soft = va(applyGainDb(base, () => -18));
    const loud = va(base);
    report.push(`  arousal soft ${soft.a.toFixed(3)} vs loud ${loud.a.toFixed(3)}`);
    expect(loud.a - soft.a).toBeGreaterThan(0.3);
    expect(Math.abs(loud.v - soft.v)).toBeLessThan(0.1);
  });
  it('the cues add up to what is extracted, and each moves with its own cause', () => {
    const rate = { sampleRate: SR, frameRate: 50 };
    const cuesOf = (x: Float32Array) => {
      const f = analyse(x, rate);
      const e = extractFromFeatures(f, x.length / SR);
      return { e, cues: emotionCues(f, e.beats.map((b) => b.t), onsetEnvelope(f.onset, f.onsetRate)) };
    };
    const base = mix(chords([[60, 64, 67], [65, 69, 72]], 6), drumPattern(grid(() => 110, 12), 12));
    const { e, cues } = cuesOf(base);
    for (let t = 0; t < cues.frames; t += 7) {
      const { valence: v, arousal: a } = emotionTerms(cues, t);
      expect(Math.tanh(v.mode + v.tempo + v.brightness)).toBeCloseTo(e.controls.emotion.values[t * 2], 5);
      expect(Math.tanh(a.loudness + a.tempo + a.density + a.brightness)).toBeCloseTo(e.controls.emotion.values[t * 2 + 1], 5);
    }
    // 18 dB softer: the loudness cue falls by 18 / 8 (its spread), the mode cue does not move
    const soft = cuesOf(applyGainDb(base, () => -18)).cues;
    const mid = cues.frames >> 1;
    expect(cues.loudness[mid] - soft.loudness[mid]).toBeCloseTo(18 / 8, 1);
    expect(Math.abs(cues.mode[mid] - soft.mode[mid])).toBeLessThan(0.02);
    const minor = cuesOf(chords([[60, 63, 67], [65, 68, 72]], 6)).cues;
    expect(cues.mode[mid]).toBeGreaterThan(0.1);
    expect(minor.mode[mid]).toBeLessThan(-0.1);
  });
  it('stays inside [-1, 1]', () => {
    const e = extractControls(applyGainDb(whiteNoise(5, 0.5), () => 6)).controls.emotion.values;
    expect(e.every((v) => v >= -1 && v <= 1)).toBe(true);
  });
});
