import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/ui/media/checkFile.ts';
import { encodeWav } from '../../src/engine/audio/wav.ts';

const clip = new Uint8Array(readFileSync(new URL('../../e2e/fixtures/clip.mp4', import.meta.url)));
const file = (name: string, data: Uint8Array | string) => new File([data as BlobPart], name);

describe('checkFile (the quick checks before any decoder)', () => {
  it('passes the fixture clip with its MP4 tracks', async () => {
    const checked = await checkFile(file('clip.mp4', clip));
    expect(checked.sniffed.container).toBe('mp4');
    expect(checked.mp4?.tracks.map((t) => t.kind)).toEqual(['video', 'audio']);
  });

  it.each([
    ['empty.mp4', new Uint8Array(0), '“empty.mp4” is empty (0 bytes) — nothing to open.'],
    ['notes.mp4', 'not a video\n', '“notes.mp4” is a text file, not a video.'],
    ['cut.mp4', clip.subarray(0, Math.floor(clip.length * 0.3)), '“cut.mp4” is cut short (the file ends before its data does) — it may be an unfinished download or copy.'],
    ['tone.wav', encodeWav([new Float32Array(800)], 8000, 'pcm16'), '“tone.wav” has sound but no picture — open a video file.'],
  ])('rejects %s with its message', async (name, data, message) => {
    await expect(checkFile(file(name, data))).rejects.toThrow(message);
  });

  it('rejects an MP4 whose only track is sound', async () => {
    // Rename the video track's handler ('vide' → 'soun') in a copy of the clip.
    const copy = clip.slice();
    const at = Buffer.from(copy).indexOf('vide', 0, 'latin1');
    copy.set(new TextEncoder().encode('soun'), at);
    await expect(checkFile(file('sound.mp4', copy))).rejects.toThrow('has sound but no picture');
  });
});
