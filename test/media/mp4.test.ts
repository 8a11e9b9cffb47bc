import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMp4Info, topLevelBoxes, type ReadAt } from '../../src/engine/media/mp4.ts';

const clip = new Uint8Array(readFileSync(new URL('../../e2e/fixtures/clip.mp4', import.meta.url)));
const reader = (b: Uint8Array): ReadAt => async (o, n) => b.subarray(o, Math.min(b.length, o + n));

describe('mp4 boxes', () => {
  it('lists the fixture clip top-level boxes in faststart order and finds it whole', async () => {
    const top = await topLevelBoxes(reader(clip), clip.length);
    expect(top.boxes.map((b) => b.type)).toEqual(['ftyp', 'moov', 'free', 'mdat']);
    expect(top.truncated).toBe(false);
    const last = top.boxes[top.boxes.length - 1];
    expect(last.offset + last.size).toBe(clip.length);
  });

  it('reads 320×180 at 25 fps, 150 frames, 6 s, and an audio track from moov', async () => {
    const info = await readMp4Info(reader(clip), clip.length);
    const video = info.tracks.find((t) => t.kind === 'video')!;
    expect(video).toMatchObject({ width: 320, height: 180, rate: 25, samples: 150 });
    expect(video.duration).toBeCloseTo(6, 3);
    expect(info.tracks.some((t) => t.kind === 'audio')).toBe(true);
  });

  it('finds the first 30 % of the clip truncated (mdat runs past the end)', async () => {
    const cut = clip.subarray(0, Math.floor(clip.length * 0.3));
    const info = await readMp4Info(reader(cut), cut.length);
    expect(info.truncated).toBe(true);
    expect(info.boxes.map((b) => b.type)).toContain('mdat');
    // moov comes first (faststart), so the tracks are still known.
    expect(info.tracks.find((t) => t.kind === 'video')?.rate).toBe(25);
  });

  it('finds garbage after a valid box truncated rather than looping', async () => {
    const junk = new Uint8Array(40);
    junk.set(clip.subarray(0, 32));
    new DataView(junk.buffer).setUint32(32, 3); // a box smaller than its own header
    const top = await topLevelBoxes(reader(junk), junk.length);
    expect(top.truncated).toBe(true);
  });
});
