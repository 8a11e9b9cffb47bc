import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/engine/controls/features.ts';
import { DEFAULT_RATE } from '../../src/engine/controls/types.ts';
import { centsBetween, chromaCosine, estimateF0, roundTripScores } from '../../src/engine/metrics/index.ts';
import { fixtureAudio, loadFixtures } from '../codec/pitch-fixtures.ts';
import { chords, drumPattern, grid, mix, rng, SR, toneMelody, type ToneNote } from '../controls/synth.ts';

/** Partials h = 1..amps.length at amps[h−1], a 10 ms attack and an exponential decay (τ seconds). */
function tone(f0: number, amps: readonly number[], seconds = 1, tau = Infinity, stretch = 0): Float32Array {
  const x = new Float32Array(Math.round(seconds * SR));
  amps.forEach((a, i) => {
    const h = i + 1;
    const f = f0 * h * Math.sqrt(1 + stretch * h * h); // piano-string inharmonicity
    if (!a || f >= SR / 2) return;
    for (let n = 0; n < x.length; n++) {
      const t = n / SR;
      x[n] += 0.3 * a * Math.min(1, t / 0.01) * Math.exp(-t / tau) * Math.sin(2 * Math.PI * f * t + h);
    }
  });
  return x;
}

const midiHz = (m: number): number => 440 * 2 ** ((m - 69) / 12);

describe('centsBetween', () => {
  it('is 1200·log2 of the ratio, signed', () => {
    expect(centsBetween(440, 880)).toBeCloseTo(1200, 9);
    expect(centsBetween(880, 440)).toBeCloseTo(-1200, 9);
    expect(centsBetween(midiHz(60), midiHz(61))).toBeCloseTo(100, 9);
  });
});

describe('estimateF0 on one sustained note', () => {
  const cases: [string, number, number[], number?, number?][] = [
    ['pure sine A4', 440, [1]],
    ['sawtooth-like A2 (1/h, 12 partials)', 110, Array.from({ length: 12 }, (_, i) => 1 / (i + 1))],
    ['missing fundamental, partials 2..8 equal (200 Hz)', 200, [0, 1, 1, 1, 1, 1, 1, 1]],
    ['missing fundamental, partials 2..4 only (150 Hz)', 150, [0, 1, 0.8, 0.6]],
    ['2nd partial 5× the fundamental (G3)', midiHz(55), [0.2, 1, 0.3, 0.4, 0.1]],
    ['odd partials only, clarinet-like (D4)', midiHz(62), [1, 0, 0.5, 0, 0.3, 0, 0.2]],
    ['E1 bass, weak fundamental (41.2 Hz)', midiHz(28), [0.15, 1, 0.7, 0.5, 0.3, 0.2]],
    ['C7 flute-like (2093 Hz)', midiHz(96), [1, 0.1, 0.02]],
    ['decaying piano-like C2, stretched partials', midiHz(36), [1, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.2, 0.1, 0.1], 0.4, 5e-5],
  ];
  for (const [name, f0, amps, tau, stretch] of cases) {
    it(`${name} within 5 cents`, () => {
      const est = estimateF0(tone(f0, amps, 1, tau, stretch), SR);
      expect(Math.abs(centsBetween(f0, est)), `${est} Hz`).toBeLessThan(5);
    });
  }

  it('holds its pitch in noise (partials 1..6 at −15 dB SNR per partial) and after a silent lead-in', () => {
    const f0 = midiHz(57);
    const x = tone(f0, [1, 0.6, 0.5, 0.4, 0.3, 0.2], 1.2);
    const noise = rng(7);
    const y = new Float32Array(x.length + 8000);
    for (let i = 0; i < x.length; i++) y[i + 8000] = x[i] + 0.05 * noise();
    expect(Math.abs(centsBetween(f0, estimateF0(y, SR)))).toBeLessThan(5);
  });

  it('returns 0 for silence and for an empty signal', () => {
    expect(estimateF0(new Float32Array(SR), SR)).toBe(0);
    expect(estimateF0(new Float32Array(0), SR)).toBe(0);
  });
});

/** C, E, G, C harmonic tones of 0.5 s each, at a given MIDI offset. */
function arpeggio(offset: number): Float32Array {
  const notes: ToneNote[] = [60, 64, 67, 72].map((m, i) => ({ start: i * 0.5, end: i * 0.5 + 0.45, midi: m + offset }));
  return toneMelody(notes, 2);
}

describe('chromaCosine', () => {
  const features = (x: Float32Array) => analyse(x, DEFAULT_RATE);

  it('is 1 for a signal against itself', () => {
    const f = features(arpeggio(0));
    expect(chromaCosine(f, f)).toBeCloseTo(1, 9);
  });

  it('falls for a one-semitone shift and sits in between for chords sharing two tones', () => {
    const ref = features(arpeggio(0));
    const shifted = chromaCosine(ref, features(arpeggio(1)));
    expect(shifted).toBeLessThan(0.15);
    // C major vs A minor: C and E in common, G vs A differ
    const cMajor = features(chords([[60, 64, 67]], 1)), aMinor = features(chords([[57, 60, 64]], 1));
    const shared = chromaCosine(cMajor, aMinor);
    expect(shared).toBeGreaterThan(0.5);
    expect(shared).toBeLessThan(0.95);
  });

  it('counts only frames where the reference sounds; a silent estimate scores 0', () => {
    const x = arpeggio(0);
    const withGap = new Float32Array(x.length * 2);
    withGap.set(x); // second half silent in the reference: not counted
    const f = features(withGap);
    const y = new Float32Array(withGap.length);
    y.set(x);
    y.set(arpeggio(1).subarray(0, x.length - 0.3 * SR), x.length + 0.3 * SR); // whatever plays there does not matter
    expect(chromaCosine(f, features(y))).toBeCloseTo(1, 9);
    expect(chromaCosine(f, features(new Float32Array(withGap.length)))).toBe(0);
    expect(chromaCosine(features(new Float32Array(SR)), f)).toBe(0);
  });
});

describe('roundTripScores', () => {
  const D = 6;
  const beats = grid(() => 120, D, 4);
  const melody: ToneNote[] = Array.from({ length: 12 }, (_, i) => ({ start: 0.5 + i * 0.5, end: 0.95 + i * 0.5, midi: [72, 76, 79, 76][i % 4] }))
    .filter((n) => n.end < D);
  const song = (offset: number, gain = 1) => {
    const x = mix(drumPattern(beats, D), toneMelody(melody.map((n) => ({ ...n, midi: n.midi + offset })), D, 0.3));
    return gain === 1 ? x : x.map((v) => v * gain);
  };
  const nominal = melody.map((n) => ({ start: n.start, end: n.end, pitch: n.midi }));

  it('is perfect for a lossless round trip', () => {
    const x = song(0);
    const s = roundTripScores(x, x, SR, nominal);
    expect(s.chromaCosine).toBeCloseTo(1, 9);
    expect([s.melodyAccuracy, s.intensityPcc, s.beatF1, s.downbeatF1]).toEqual([1, 1, 1, 1]);
    expect(s.nominalMelody!.ratio).toBe(1);
    expect(s.nominalMelody!.original).toBeGreaterThan(0.8);
  });

  it('keeps beats and loudness but loses melody and chroma when the pitch moves a semitone', () => {
    const s = roundTripScores(song(0), song(1, 0.9), SR, nominal);
    expect(s.beatF1).toBeGreaterThanOrEqual(0.95);
    expect(s.intensityPcc).toBeGreaterThan(0.95);
    expect(s.melodyAccuracy).toBeLessThan(0.1);
    expect(s.chromaCosine).toBeLessThan(0.3);
    expect(s.nominalMelody!.ratio).toBeLessThan(0.1);
  });
});

describe('estimateF0 on the held-out GM renders (test/fixtures/pitch, TimGM6mb)', () => {
  it('reads every single note within ±50 cents of its MIDI pitch, 3 cents off on average', () => {
    const fx = loadFixtures();
    const cents = fx.notes.map((n) => ({ file: n.file, c: centsBetween(midiHz(n.pitch), estimateF0(fixtureAudio(n.file), fx.sampleRate)) }));
    expect(cents.length).toBeGreaterThanOrEqual(20);
    // measured: max 9.4 (accordion's two detuned reeds, string ensemble), mean 3.2
    expect(cents.filter((x) => !(Math.abs(x.c) <= 50))).toEqual([]);
    expect(cents.reduce((s, x) => s + Math.abs(x.c), 0) / cents.length).toBeLessThan(5);
  });
});
