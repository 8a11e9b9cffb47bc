import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demuxVideo, type DemuxedVideo, type VideoPacket } from '../../src/ui/analysis/demux.ts';

// clip.mp4 (e2e/fixtures/make-clip.sh): H.264 High 320×180, 25 fps, 6 s, B-frames, key frame
// every 50 frames, AAC interleaved; golden numbers below are ffprobe's.
const clip = new Uint8Array(readFileSync(new URL('../../e2e/fixtures/clip.mp4', import.meta.url)));
const tiny = new Uint8Array(readFileSync(new URL('../../e2e/fixtures/tiny-1x1.webm', import.meta.url)));

async function all(v: DemuxedVideo): Promise<VideoPacket[]> {
  const out: VideoPacket[] = [];
  for await (const p of v.packets()) out.push(p);
  return out;
}

describe('the WebCodecs demuxer (mediabunny)', () => {
  it('gives clip.mp4\'s 150 frames at 25 fps, key frames 0, 50, 100, and the decoder configuration', async () => {
    const v = (await demuxVideo(new Blob([clip])))!;
    expect(v).toMatchObject({ container: 'mp4', codec: 'avc1.64000c', rotation: 0, matrix: null, fullRange: false });
    expect(v.config).toMatchObject({ codec: 'avc1.64000c', codedWidth: 320, codedHeight: 180 });
    expect(new Uint8Array(v.config.description as ArrayBuffer)[0]).toBe(1); // avcC configurationVersion
    expect(v.duration).toBeCloseTo(6, 6);
    const p = await all(v);
    expect(p).toHaveLength(150);
    expect(p.flatMap((s, i) => (s.key ? [i] : []))).toEqual([0, 50, 100]);
    // Decode order with B-frames: presentation times 0, 0.16, 0.08, 0.04, 0.12 …
    expect(p.slice(0, 5).map((s) => s.pts)).toEqual([0, 0.16, 0.08, 0.04, 0.12].map((t) => expect.closeTo(t, 6)));
    expect(p.map((s) => Math.round(s.pts * 25)).sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(p.every((s) => Math.abs(s.duration - 0.04) < 1e-9)).toBe(true);
    // The bytes at the offsets ffprobe gives (audio chunks sit between video chunks).
    const at = [[6433, 2658], [9091, 727], [9987, 273], [10534, 229]];
    p.slice(0, 4).forEach((s, i) => expect(s.data).toEqual(clip.subarray(at[i][0], at[i][0] + at[i][1])));
    expect(p.reduce((n, s) => n + s.data.length, 0)).toBe(141646);
    v.close();
  });

  it('reads WebM too (VP9, no description), so it takes the WebCodecs path instead of <video>', async () => {
    const v = (await demuxVideo(new Blob([tiny])))!;
    expect(v).toMatchObject({ container: 'webm', rotation: 0, matrix: null });
    expect(v.codec).toMatch(/^vp09\./);
    expect(v.config).toMatchObject({ codedWidth: 1, codedHeight: 1 });
    const p = await all(v);
    expect(p).toHaveLength(10);
    expect(p.map((s) => s.pts)).toEqual(Array.from({ length: 10 }, (_, i) => expect.closeTo(i / 10, 6)));
    expect(p[0].key).toBe(true);
  });

  it('null for what is not a video container it reads: text, an MP4 cut off inside moov', async () => {
    expect(await demuxVideo(new Blob([new TextEncoder().encode('not a video at all, just some text')]))).toBeNull();
    expect(await demuxVideo(new Blob([clip.subarray(0, 40)]))).toBeNull(); // ftyp, then moov cut off
    // Cut after moov: the file check (ui/media/checkFile.ts) calls it cut short before analysis starts.
    expect((await demuxVideo(new Blob([clip.subarray(0, Math.floor(clip.length * 0.3))])))?.codec).toBe('avc1.64000c');
  });
});
