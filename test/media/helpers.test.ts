import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HASH_SPAN, hashRanges, sizeBytes, videoHash } from '../../src/engine/media/hash.ts';
import { computePeaks, peakLevel, peakSpan } from '../../src/engine/media/peaks.ts';
import { parseFfmpegBanner, parseFfmpegTime } from '../../src/engine/media/probe.ts';
import { fpsFromFrameTimes, fpsLabel, snapFps } from '../../src/engine/media/describe.ts';
import { filmstripTiles, thumbnailTimes, MAX_THUMBS } from '../../src/engine/media/filmstrip.ts';
import type { ReadAt } from '../../src/engine/media/mp4.ts';

const clip = new Uint8Array(readFileSync(new URL('../../e2e/fixtures/clip.mp4', import.meta.url)));
const reader = (b: Uint8Array): ReadAt => async (o, n) => b.subarray(o, Math.min(b.length, o + n));

describe('video hash', () => {
  it('hashes a small file whole, plus its size', async () => {
    expect(hashRanges(clip.length)).toEqual([[0, clip.length]]);
    const expected = createHash('sha256').update(clip).update(sizeBytes(clip.length)).digest('hex');
    expect(await videoHash(reader(clip), clip.length)).toBe(expected);
  });

  it('reads only the first and last MiB of a large file', async () => {
    const size = 5 * HASH_SPAN + 7;
    const big = new Uint8Array(size).map((_, i) => (i * 7) & 255);
    const asked: number[][] = [];
    const spy: ReadAt = async (o, n) => { asked.push([o, n]); return big.subarray(o, o + n); };
    const h = await videoHash(spy, size);
    expect(asked).toEqual([[0, HASH_SPAN], [size - HASH_SPAN, HASH_SPAN]]);
    const expected = createHash('sha256').update(big.subarray(0, HASH_SPAN)).update(big.subarray(size - HASH_SPAN)).update(sizeBytes(size)).digest('hex');
    expect(h).toBe(expected);
    expect(Array.from(sizeBytes(size))).toEqual([7, 0, 80, 0, 0, 0, 0, 0]);
  });
});

describe('peaks', () => {
  it('gives min/max of a 100 Hz sine per 10 ms bin, channels averaged', () => {
    const rate = 8000;
    const sine = Float32Array.from({ length: rate }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 100 * i) / rate));
    const p = computePeaks([sine, sine], rate, 100);
    expect(p.length).toBe(200);
    expect(p[0]).toBeCloseTo(-0.5, 3);
    expect(p[1]).toBeCloseTo(0.5, 3);
    expect(peakLevel(p)).toBeCloseTo(0.5, 3);
    const silentRight = computePeaks([sine, new Float32Array(rate)], rate, 100);
    expect(silentRight[1]).toBeCloseTo(0.25, 3);
  });

  it('spans any time range, and reports nothing past the end', () => {
    const p = new Float32Array([-0.1, 0.1, -0.9, 0.2, -0.3, 0.8]);
    expect(peakSpan(p, 10, 0, 0.3)).toEqual([Float32Array.of(-0.9)[0], Float32Array.of(0.8)[0]]);
    expect(peakSpan(p, 10, 0.1, 0.12)).toEqual([Float32Array.of(-0.9)[0], Float32Array.of(0.2)[0]]);
    expect(peakSpan(p, 10, 0.5, 0.6)).toBeNull();
  });
});

describe('ffmpeg banner', () => {
  const banner = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'in':
  Duration: 00:01:06.52, start: 0.000000, bitrate: 229 kb/s
  Stream #0:0[0x1](und): Video: hevc (Main) (hvc1 / 0x31637668), yuv420p(tv), 1920x1080 [SAR 1:1 DAR 16:9], 188 kb/s, 29.97 fps, 29.97 tbr, 12800 tbn (default)
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 31 kb/s (default)`;

  it('reads duration, codec, size, fps and sound', () => {
    expect(parseFfmpegBanner(banner)).toEqual({
      duration: 66.52,
      video: { codec: 'hevc', width: 1920, height: 1080, fps: 29.97 },
      audio: { codec: 'aac' },
    });
  });

  it('finds no picture in an audio file and no sound in a silent one', () => {
    expect(parseFfmpegBanner(banner.split('\n').filter((l) => !l.includes('Video')).join('\n')).video).toBeNull();
    expect(parseFfmpegBanner(banner.split('\n').filter((l) => !l.includes('Audio')).join('\n')).audio).toBeNull();
  });

  it('reads progress times', () => {
    expect(parseFfmpegTime('frame=  75 fps= 20 q=28.0 size=  1kB time=00:00:03.20 bitrate=')).toBeCloseTo(3.2);
    expect(parseFfmpegTime('nothing here')).toBeNull();
  });
});

describe('frame rate', () => {
  it('measures 25 fps from frame times with a dropped frame and jitter', () => {
    const times = [0, 0.04, 0.08, 0.16, 0.2001, 0.24, 0.28, 0.3199];
    expect(fpsFromFrameTimes(times)).toBe(25);
  });

  it('snaps NTSC rates and says when it cannot tell', () => {
    expect(snapFps(29.95)).toBe(29.97);
    expect(snapFps(17.3)).toBe(17.3);
    expect(fpsFromFrameTimes([0, 0.04])).toBe(0);
    expect(fpsLabel(0)).toBe('fps unknown');
    expect(fpsLabel(25)).toBe('25 fps');
    expect(fpsLabel(23.976)).toBe('23.98 fps');
  });
});

describe('filmstrip', () => {
  it('takes a thumbnail every 0.25 s of a 6 s clip, capped for long ones', () => {
    const t = thumbnailTimes(6);
    expect(t.length).toBe(24);
    expect(t[0]).toBeCloseTo(0.125);
    expect(t[23]).toBeCloseTo(5.875);
    expect(thumbnailTimes(600).length).toBe(MAX_THUMBS);
    expect(thumbnailTimes(0)).toEqual([]);
  });

  it('lays out tiles that stay on the time axis when scrolled', () => {
    const times = thumbnailTimes(6);
    const whole = filmstripTiles({ start: 0, pxPerSec: 100 }, 600, 64, times, 6);
    expect(whole.length).toBe(10); // 600 px / 64 px, the last one cut by the end of the clip
    expect(whole[0]).toEqual({ x: 0, index: 1 }); // middle of the first tile: 0.32 s → thumbnail at 0.375 s
    const scrolled = filmstripTiles({ start: 1, pxPerSec: 100 }, 300, 64, times, 6);
    expect(scrolled[0].x).toBe(-36); // the tile that began at x = 64 at 0.64 s
    expect(scrolled[0].index).toBe(whole[1].index);
  });
});
