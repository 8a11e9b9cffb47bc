import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav } from '../src/engine/audio/wav.ts';

describe('WAV encoding', () => {
  const sine = Float32Array.from({ length: 3200 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 32000));

  it('writes a valid 16-bit PCM header and samples within dither of the input', () => {
    const bytes = encodeWav([sine], 32000, 'pcm16');
    expect(bytes.length).toBe(44 + 3200 * 2);
    const v = new DataView(bytes.buffer);
    expect(v.getUint16(20, true)).toBe(1);
    expect(v.getUint32(24, true)).toBe(32000);
    expect(v.getUint16(34, true)).toBe(16);
    const back = decodeWav(bytes);
    expect(back.format).toBe('pcm16');
    let maxErr = 0;
    for (let i = 0; i < sine.length; i++) maxErr = Math.max(maxErr, Math.abs(back.channels[0][i] - sine[i]));
    expect(maxErr).toBeLessThan(2.5 / 32768);
  });

  it('writes 32-bit float exactly, stereo interleaved', () => {
    const right = sine.map((x) => -x * 1.5); // float keeps values beyond ±1
    const bytes = encodeWav([sine, right], 48000, 'float32');
    const v = new DataView(bytes.buffer);
    expect(v.getUint16(20, true)).toBe(3);
    expect(v.getUint16(22, true)).toBe(2);
    expect(v.getUint32(28, true)).toBe(48000 * 8);
    const back = decodeWav(bytes);
    expect(back.channels[0]).toEqual(sine);
    expect(back.channels[1]).toEqual(right);
  });

  it('clips 16-bit output instead of wrapping', () => {
    const back = decodeWav(encodeWav([Float32Array.of(1.5, -1.5)], 32000, 'pcm16'));
    expect(back.channels[0][0]).toBeCloseTo(32767 / 32768, 4);
    expect(back.channels[0][1]).toBe(-1);
  });
});

import { takeToWav } from '../src/engine/audio/export.ts';

describe('take export at 48 kHz', () => {
  it('resamples with the band-limited resampler: a 1 kHz tone stays 1 kHz and keeps its level', () => {
    const take = Float32Array.from({ length: 32000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 32000));
    const back = decodeWav(takeToWav([take], { format: 'float32', rate: 48000 }));
    expect(back.sampleRate).toBe(48000);
    const y = back.channels[0];
    expect(y.length).toBe(48000);
    // Compare the middle (away from filter edges) against the ideal 48 kHz tone.
    let err = 0;
    for (let i = 4800; i < 43200; i++) err = Math.max(err, Math.abs(y[i] - 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 48000)));
    expect(err).toBeLessThan(0.01);
  });
});
