/**
 * Regenerating a section (engine/generate/section.ts): the span's frames, the codes spliced, and
 * the audio spliced with equal-power crossfades inside the span — every sample outside it is the
 * take's own, sample for sample.
 */
import { describe, expect, it } from 'vitest';
import { codeFrames, fadeIn, fadeOut, sectionFrames, spliceAudio, spliceCodes } from '../../src/engine/generate/section.ts';

const SR = 32000;
const sine = (n: number, hz: number, amp: number) => Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / SR));

describe('section frames', () => {
  it('rounds the span to frames of the take and clamps it', () => {
    expect(sectionFrames({ start: 2, end: 4 }, 0, 300, 50)).toEqual({ first: 100, end: 200 });
    expect(sectionFrames({ start: 2.011, end: 3.989 }, 0, 300, 50)).toEqual({ first: 101, end: 199 });
    // a take that starts at 1 s: frames of the take, not of the timeline
    expect(sectionFrames({ start: 2, end: 4 }, 1, 300, 50)).toEqual({ first: 50, end: 150 });
    expect(sectionFrames({ start: 5, end: 9 }, 0, 300, 50)).toEqual({ first: 250, end: 300 });
    expect(sectionFrames({ start: 7, end: 9 }, 0, 300, 50)).toBeNull();
    expect(sectionFrames({ start: 2, end: 2.005 }, 0, 300, 50)).toBeNull();
  });
});

describe('splice codes', () => {
  it('puts the section in place of its frames in every codebook', () => {
    // K = 2, N = 5: codebook k, frame t holds 10k + t
    const codes = Int32Array.from([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
    const section = Int32Array.from([90, 91, 95, 96]); // 2 frames
    expect([...spliceCodes(codes, section, 2, 2)]).toEqual([0, 1, 90, 91, 4, 10, 11, 95, 96, 14]);
    expect([...codes]).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]); // the take's own are not changed
    expect([...codeFrames(codes, 2, 1, 3)]).toEqual([1, 2, 11, 12]);
    expect(() => spliceCodes(codes, section, 2, 4)).toThrow('does not fit');
  });
});

describe('splice audio', () => {
  const take = sine(6 * SR, 220, 0.5);
  const section = sine(2 * SR, 330, 0.3);
  const at = 2 * SR, fade = 0.05 * SR;
  const out = spliceAudio(take, section, at, fade);

  it('leaves every sample outside the span as it was', () => {
    expect(out.length).toBe(take.length);
    for (const [a, b] of [[0, at], [at + section.length, take.length]]) {
      let same = true;
      for (let i = a; i < b; i++) if (out[i] !== take[i]) { same = false; break; }
      expect(same).toBe(true);
    }
  });

  it('is the section between the fades, and an equal-power mix within them', () => {
    let differ = 0;
    for (let i = at + fade; i < at + section.length - fade; i++) if (out[i] !== section[i - at]) differ++;
    expect(differ).toBe(0);
    // head: old out, new in; tail: new out, old in
    for (const i of [0, 100, fade - 1]) {
      expect(out[at + i]).toBeCloseTo(take[at + i] * fadeOut(i, fade) + section[i] * fadeIn(i, fade), 6);
      const t = at + section.length - fade + i;
      expect(out[t]).toBeCloseTo(section[t - at] * fadeOut(i, fade) + take[t] * fadeIn(i, fade), 6);
      expect(fadeIn(i, fade) ** 2 + fadeOut(i, fade) ** 2).toBeCloseTo(1, 12);
    }
    // the fades run the whole way: almost all old at the span's edges, almost all new a fade inside
    expect(fadeOut(0, fade)).toBeGreaterThan(0.9999);
    expect(fadeIn(fade - 1, fade)).toBeGreaterThan(0.9999);
  });

  it('keeps the loudness of two unrelated signals steady through a join (equal power)', () => {
    // white noise at equal level either side: the RMS over the fade stays within 0.5 dB of the RMS outside
    let x = 1;
    const noise = (n: number) => Float32Array.from({ length: n }, () => { x = (x * 16807) % 2147483647; return x / 2147483647 - 0.5; });
    const a = noise(SR), b = noise(SR / 2);
    const mixed = spliceAudio(a, b, SR / 4, fade);
    const rms = (s: Float32Array, i: number, j: number) => Math.sqrt(s.subarray(i, j).reduce((m, v) => m + v * v, 0) / (j - i));
    const db = 20 * Math.log10(rms(mixed, SR / 4, SR / 4 + fade) / rms(a, 0, SR / 4));
    expect(Math.abs(db)).toBeLessThan(0.5);
  });

  it('shortens the fades to half a short section, and refuses a section that does not fit', () => {
    const short = spliceAudio(take, sine(100, 330, 0.3), 1000, fade);
    expect(short[1000 + 50]).toBeCloseTo(take[1050] * fadeIn(0, 50) + sine(100, 330, 0.3)[50] * fadeOut(0, 50), 6);
    expect(() => spliceAudio(take, section, take.length - 10, fade)).toThrow('does not fit');
  });
});
