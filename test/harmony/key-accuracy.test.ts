import { describe, expect, it } from 'vitest';
import { keyScore, majminAccuracy } from '../../src/engine/harmony/accuracy.ts';
import { ALL_KEYS, estimateKey, KEY_PROFILES, keyScores } from '../../src/engine/harmony/key.ts';
import { keyLabel, parseKey } from '../../src/engine/harmony/symbols.ts';

const scale = (tonic: number, steps: number[]) => {
  const p = new Array(12).fill(0);
  for (const s of steps) p[(tonic + s) % 12] = 1;
  return p;
};

describe('key estimation', () => {
  it('names a profile rotated to any tonic as that key', () => {
    for (const k of ALL_KEYS) {
      const p = KEY_PROFILES.temperley[k.mode];
      const pcs = Array.from({ length: 12 }, (_, i) => p[(i - k.tonic + 12) % 12]);
      expect(estimateKey(pcs).key).toEqual(k);
      expect(estimateKey(pcs).strength).toBeCloseTo(1, 9);
    }
  });

  it('reads scales: C major, A harmonic minor (the raised 7th), E major with the tonic triad twice', () => {
    expect(keyLabel(estimateKey(scale(0, [0, 2, 4, 5, 7, 9, 11])).key!)).toBe('C major');
    expect(keyLabel(estimateKey(scale(9, [0, 2, 3, 5, 7, 8, 11])).key!)).toBe('A minor');
    const e = scale(4, [0, 2, 4, 5, 7, 9, 11]).map((v, pc) => v + ([4, 8, 11].includes(pc) ? 1 : 0));
    expect(keyLabel(estimateKey(e).key!)).toBe('E major');
  });

  it('has no key for silence, and scores 24 keys in ALL_KEYS order', () => {
    expect(estimateKey(new Array(12).fill(0))).toEqual({ key: null, strength: 0 });
    const s = keyScores(scale(0, [0, 4, 7]));
    expect(s.length).toBe(24);
    expect(ALL_KEYS[1]).toEqual({ tonic: 0, mode: 'minor' });
    expect(s[0]).toBeGreaterThan(s[1]); // C-E-G: C major over C minor
  });
});

describe('MIREX measures', () => {
  it('majmin: the share of the reference time with the same root and major/minor', () => {
    const ref = [
      { start: 0, end: 2, label: 'C' }, { start: 2, end: 4, label: 'Am7' },
      { start: 4, end: 5, label: 'Bdim' }, { start: 5, end: 6, label: 'N' },
    ];
    const est = [
      { start: 0, end: 1.5, label: 'C7' }, // C7 reads as C: 1.5 s right
      { start: 1.5, end: 3, label: 'Am' }, // 0.5 s wrong (under C), 1 s right
      { start: 3, end: 4.5, label: 'A' }, // 1 s wrong (A vs Am), Bdim part left out
      // nothing from 4.5: "N", right over 5-6
    ];
    // evaluated: 0-4 and 5-6 = 5 s; matched 1.5 + 1 + 1 = 3.5; excluded 1 s (Bdim)
    const s = majminAccuracy(ref, est);
    expect(s.evaluated).toBeCloseTo(5, 9);
    expect(s.matched).toBeCloseTo(3.5, 9);
    expect(s.excluded).toBeCloseTo(1, 9);
    expect(s.accuracy).toBeCloseTo(0.7, 9);
  });

  it('majmin: an estimate in dim or aug matches nothing; estimate time past the reference does not count', () => {
    const s = majminAccuracy([{ start: 0, end: 1, label: 'Cm' }], [{ start: 0, end: 0.5, label: 'Cdim' }, { start: 0.5, end: 3, label: 'Cm' }]);
    expect([s.evaluated, s.matched]).toEqual([1, 0.5]);
  });

  it('key: 1 same, 0.5 a fifth above, 0.3 relative, 0.2 parallel, 0 otherwise', () => {
    const ref = parseKey('C major');
    expect(['C major', 'G major', 'A minor', 'C minor', 'F major', 'E minor'].map((k) => keyScore(ref, parseKey(k)))).toEqual([1, 0.5, 0.3, 0.2, 0, 0]);
    expect(keyScore(parseKey('A minor'), parseKey('C major'))).toBe(0.3);
    expect(keyScore(parseKey('A minor'), null)).toBe(0);
  });
});
