import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boxAt, children, dataView, topLevel, type Box, type ReadAt } from '../../src/engine/media/boxes.ts';
import { parseVideoTrack } from '../../src/engine/media/mp4-samples.ts';
import { parseMp4 } from '../../src/ui/analysis/mp4.ts';

// clip.mp4 (e2e/fixtures/make-clip.sh): H.264 High 320×180, 25 fps, 6 s, B-frames, key frame
// every 50 frames, AAC interleaved; golden numbers below are ffprobe's.
const clip = new Uint8Array(readFileSync(new URL('../../e2e/fixtures/clip.mp4', import.meta.url)));
const reader = (b: Uint8Array): ReadAt => async (o, n) => b.subarray(o, Math.min(b.length, o + n));

async function clipMoov(): Promise<Uint8Array> {
  for await (const b of topLevel(reader(clip), clip.length)) if (b.type === 'moov') return clip.subarray(b.offset, b.end);
  throw new Error('no moov');
}

function header(type: string, size: number, large: boolean): Uint8Array {
  const out = new Uint8Array(large ? 16 : 8);
  const v = new DataView(out.buffer);
  v.setUint32(0, large ? 1 : size);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  if (large) v.setUint32(12, size);
  return out;
}
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

/**
 * Re-serialises moov with 64-bit box headers on every container and co64 in place of stco: the
 * same samples in the layout a > 4 GB file has.
 */
function widen(b: Uint8Array, box: Box): Uint8Array {
  let payload: Uint8Array;
  let type = box.type;
  if (['moov', 'trak', 'mdia', 'minf', 'stbl'].includes(box.type)) {
    payload = concat([...children(b, box)].map((c) => widen(b, c)));
  } else if (box.type === 'stco') {
    const v = dataView(b), n = v.getUint32(box.start + 4);
    payload = new Uint8Array(8 + 8 * n);
    const w = new DataView(payload.buffer);
    w.setUint32(4, n);
    for (let i = 0; i < n; i++) w.setUint32(12 + 8 * i, v.getUint32(box.start + 8 + 4 * i));
    type = 'co64';
  } else return b.slice(box.offset, box.end);
  const large = type !== 'co64';
  return concat([header(type, payload.length + (large ? 16 : 8), large), payload]);
}

describe('MP4 sample table (the WebCodecs demuxer)', () => {
  it('gives clip.mp4\'s 150 frames at 25 fps, key frames 0, 50, 100, and the decoder configuration', async () => {
    const v = parseVideoTrack(await clipMoov())!;
    expect(v).toMatchObject({ codec: 'avc1.64000c', codedWidth: 320, codedHeight: 180, rotation: 0, matrix: null, fullRange: false });
    expect(v.description[0]).toBe(1); // avcC configurationVersion
    expect(v.duration).toBeCloseTo(6, 6);
    expect(v.samples).toHaveLength(150);
    expect(v.samples.flatMap((s, i) => (s.key ? [i] : []))).toEqual([0, 50, 100]);
    // Decode order with B-frames: presentation times 0, 0.16, 0.08, 0.04, 0.12 …
    expect(v.samples.slice(0, 5).map((s) => s.pts)).toEqual([0, 0.16, 0.08, 0.04, 0.12].map((t) => expect.closeTo(t, 6)));
    expect(v.samples.map((s) => Math.round(s.pts * 25)).sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(v.samples.every((s) => Math.abs(s.duration - 0.04) < 1e-9)).toBe(true);
    // Offsets into the file: audio chunks sit between video chunks (sample 1 is not right after 0).
    expect(v.samples.slice(0, 4).map((s) => [s.offset, s.size])).toEqual([[6433, 2658], [9091, 727], [9987, 273], [10534, 229]]);
    expect(v.samples.reduce((n, s) => n + s.size, 0)).toBe(141646);
    // The first sample really is an H.264 access unit: a 4-byte length then a NAL unit.
    const s0 = v.samples[0];
    expect(dataView(clip).getUint32(s0.offset) + 4).toBeLessThanOrEqual(s0.size);
  });

  it('reads 64-bit box sizes and co64 chunk offsets to the same samples', async () => {
    const moov = await clipMoov();
    const wide = widen(moov, boxAt(moov, 0, moov.length)!);
    expect(boxAt(wide, 0, wide.length)).toMatchObject({ type: 'moov', header: 16 });
    expect(parseVideoTrack(wide)).toEqual(parseVideoTrack(moov));
  });

  it('returns null for fragmented MP4 (mvex) and a moov with no video track', async () => {
    const moov = await clipMoov();
    const mvex = concat([header('mvex', 8, false)]);
    const withMvex = concat([header('moov', moov.length + 8, false), moov.subarray(8), mvex]);
    expect(parseVideoTrack(withMvex)).toBeNull();
    expect(parseVideoTrack(concat([header('moov', 8, false)]))).toBeNull();
    expect(parseVideoTrack(new Uint8Array(3))).toBeNull();
  });

  it('the page reads moov from a Blob: whole, cut short after moov, or not an MP4', async () => {
    const whole = await parseMp4(new Blob([clip]));
    expect(whole).toEqual(parseVideoTrack(await clipMoov()));
    expect((await parseMp4(new Blob([clip.subarray(0, Math.floor(clip.length * 0.3))])))?.samples).toHaveLength(150);
    expect(await parseMp4(new Blob([new TextEncoder().encode('not a video at all, just some text')]))).toBeNull();
    expect(await parseMp4(new Blob([clip.subarray(0, 40)]))).toBeNull(); // ftyp, then moov cut off
  });
});
