import { describe, expect, it } from 'vitest';
import { mp4ExportName, soundtrackSamples } from '../../src/engine/export/soundtrack.ts';

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => (i + 1) / 100);

describe('soundtrackSamples', () => {
  it('puts the take at its start and pads to the video length', () => {
    // 10 Hz for readable numbers: a 0.3 s take starting at 0.2 s in a 0.8 s video
    const out = soundtrackSamples(ramp(3), 0.2, 10, 0.8);
    expect(Array.from(out)).toEqual([0, 0, 0.01, 0.02, 0.03, 0, 0, 0].map(Math.fround));
  });
  it('cuts what runs past the end of the picture', () => {
    const out = soundtrackSamples(ramp(10), 0, 10, 0.4);
    expect(Array.from(out)).toEqual([0.01, 0.02, 0.03, 0.04].map(Math.fround));
  });
  it('a take starting after the picture ends is silence of the video length', () => {
    expect(Array.from(soundtrackSamples(ramp(3), 1, 10, 0.5))).toEqual([0, 0, 0, 0, 0]);
  });
  it('a take starting before 0 loses its head', () => {
    expect(Array.from(soundtrackSamples(ramp(4), -0.2, 10, 0.3))).toEqual([0.03, 0.04, 0].map(Math.fround));
  });
  it('6 s of 32 kHz video is 192 000 samples', () => {
    expect(soundtrackSamples(new Float32Array(32000 * 6), 0, 32000, 6).length).toBe(192_000);
  });
});

describe('mp4ExportName', () => {
  it('is named after the video, with the extension replaced', () => {
    expect(mp4ExportName('beach.mov', 'Untitled')).toBe('beach – Undertone.mp4');
    expect(mp4ExportName(null, 'a/b: c')).toBe('a_b_ c – Undertone.mp4');
  });
});
