import { describe, expect, it } from 'vitest';
import { Resampler, resample } from '../../src/engine/audio/resample.ts';
import { mixdown } from '../../src/engine/audio/mixdown.ts';
import { decodeWithContext } from '../../src/engine/audio/decode.browser.ts';

function sine(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}

/** RMS over the middle half, away from the filter's edge transients. */
function midRms(x: Float32Array): number {
  let s = 0;
  const a = Math.floor(x.length / 4), b = Math.floor((3 * x.length) / 4);
  for (let i = a; i < b; i++) s += x[i] * x[i];
  return Math.sqrt(s / (b - a));
}

describe('resample', () => {
  it('keeps a 1 kHz tone at its level and phase (44.1 kHz → 32 kHz)', () => {
    const y = resample(sine(1000, 44100, 1), 44100, 32000);
    expect(y.length).toBe(32000);
    const ref = sine(1000, 32000, 1);
    let err = 0;
    for (let i = 8000; i < 24000; i++) err = Math.max(err, Math.abs(y[i] - ref[i]));
    expect(err).toBeLessThan(1e-3);
  });

  it('removes a tone above the new Nyquist (20 kHz at 48 kHz → 32 kHz) by at least 70 dB', () => {
    const y = resample(sine(20000, 48000, 1), 48000, 32000);
    expect(20 * Math.log10(midRms(y) / (0.5 / Math.SQRT2))).toBeLessThan(-70);
  });

  it('upsamples 32 → 48 kHz for export without imaging: a 5 kHz tone stays clean', () => {
    const y = resample(sine(5000, 32000, 0.5), 32000, 48000);
    expect(y.length).toBe(24000);
    const ref = sine(5000, 48000, 0.5);
    let err = 0;
    for (let i = 6000; i < 18000; i++) err = Math.max(err, Math.abs(y[i] - ref[i]));
    expect(err).toBeLessThan(1e-3);
  });

  it('gives the same output streamed in odd chunks as in one call', () => {
    const x = sine(440, 22050, 0.7);
    const whole = resample(x, 22050, 32000);
    const r = new Resampler(22050, 32000);
    const parts: number[] = [];
    for (let i = 0; i < x.length; i += 777) parts.push(...r.push(x.subarray(i, i + 777)));
    parts.push(...r.flush());
    expect(parts.length).toBe(whole.length);
    for (let i = 0; i < whole.length; i += 97) expect(parts[i]).toBeCloseTo(whole[i], 6);
  });

  it('handles rates whose ratio needs more than 4096 phases (44 056 Hz)', () => {
    const y = resample(sine(440, 44056, 1), 44056, 32000);
    expect(y.length).toBe(32000);
    expect(midRms(y)).toBeCloseTo(0.5 / Math.SQRT2, 3);
  });

  it('returns empty output for empty input', () => {
    expect(resample(new Float32Array(0), 44100, 32000).length).toBe(0);
  });
});

describe('mixdown and the browser decoder adapter', () => {
  it('averages channels and zeroes non-finite samples', () => {
    const m = mixdown({ channels: [Float32Array.from([1, 0.5, NaN]), Float32Array.from([0, 0.5, 1])], sampleRate: 8000 });
    expect(Array.from(m.samples)).toEqual([0.5, 0.5, 0]);
  });

  it('reads channels from any AudioContext-like decoder and reports its failures clearly', async () => {
    const ctx = {
      async decodeAudioData(b: ArrayBuffer) {
        if (b.byteLength < 4) throw new Error('EncodingError');
        return { sampleRate: 44100, numberOfChannels: 2, getChannelData: (c: number) => new Float32Array([c, c]) };
      },
    };
    const d = await decodeWithContext(ctx, new ArrayBuffer(8));
    expect(d.sampleRate).toBe(44100);
    expect(d.channels.map((c) => Array.from(c))).toEqual([[0, 0], [1, 1]]);
    await expect(decodeWithContext(ctx, new ArrayBuffer(2), 'x.wav')).rejects.toThrow(/x\.wav: the browser cannot decode/);
  });
});

describe('analysis filter', () => {
  it('still rejects aliases by ≥ 60 dB and keeps the band controls read (≤ 5 kHz) flat', async () => {
    const { ANALYSIS_RESAMPLE } = await import('../../src/engine/audio/resample.ts');
    const alias = resample(sine(17000, 44100, 1), 44100, 32000, ANALYSIS_RESAMPLE);
    expect(20 * Math.log10(midRms(alias) / (0.5 / Math.SQRT2))).toBeLessThan(-60);
    const pass = resample(sine(5000, 44100, 1), 44100, 32000, ANALYSIS_RESAMPLE);
    expect(Math.abs(20 * Math.log10(midRms(pass) / (0.5 / Math.SQRT2)))).toBeLessThan(0.05);
  });
});
