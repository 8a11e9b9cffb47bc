import { describe, expect, it } from 'vitest';
import {
  chordLabel, chordTones, keyChords, keyLabel, majmin, normaliseLabel, parseChord, parseKey, transposeLabel,
} from '../../src/engine/harmony/symbols.ts';

describe('chord symbols', () => {
  it('parses what people type', () => {
    expect(parseChord('Am')).toEqual({ root: 9, quality: 'm' });
    expect(parseChord('F#')).toEqual({ root: 6, quality: '' });
    expect(parseChord('Bbm')).toEqual({ root: 10, quality: 'm' });
    expect(parseChord('B♭maj7')).toEqual({ root: 10, quality: 'maj7' });
    expect(parseChord('Cb')).toEqual({ root: 11, quality: '' });
    expect(parseChord('dmin7')).toEqual({ root: 2, quality: 'm7' });
    expect(parseChord('G7/B')).toEqual({ root: 7, quality: '7' });
    expect(parseChord('N')).toBeNull();
  });
  it('rejects non-chords with a message naming the label', () => {
    expect(() => parseChord('H7')).toThrow(/"H7" is not a chord/);
    expect(() => parseChord('Cxyz')).toThrow(/"Cxyz"/);
    expect(() => parseChord('  ')).toThrow(/Type a chord/);
  });
  it('formats, normalises and transposes', () => {
    expect(normaliseLabel('a-')).toBe('Am');
    expect(normaliseLabel('A#m')).toBe('Bbm');
    expect(chordLabel({ root: 1, quality: '' }, false)).toBe('C#');
    expect(transposeLabel('Am', 3)).toBe('Cm');
    expect(transposeLabel('B', 1)).toBe('C');
    expect(transposeLabel('N', 5)).toBe('N');
  });
  it('knows chord tones and the majmin reduction', () => {
    expect(chordTones({ root: 9, quality: 'm' })).toEqual([9, 0, 4]);
    expect(chordTones({ root: 7, quality: '7' })).toEqual([7, 11, 2, 5]);
    expect(majmin({ root: 11, quality: 'dim' })).toEqual({ root: 11, quality: 'm' });
    expect(majmin({ root: 7, quality: '7' })).toEqual({ root: 7, quality: '' });
  });
  it('keys: labels and palettes', () => {
    expect(keyLabel(parseKey('A minor'))).toBe('A minor');
    expect(keyLabel({ tonic: 3, mode: 'major' })).toBe('Eb major');
    expect(keyLabel({ tonic: 7, mode: 'minor' })).toBe('G minor');
    expect(keyChords({ tonic: 0, mode: 'major' }).map((c) => chordLabel(c))).toEqual(['C', 'Dm', 'Em', 'F', 'G', 'Am', 'Bdim']);
    expect(keyChords({ tonic: 9, mode: 'minor' }).map((c) => chordLabel(c))).toEqual(['Am', 'Bdim', 'C', 'Dm', 'Em', 'E', 'F', 'G']);
  });
});
