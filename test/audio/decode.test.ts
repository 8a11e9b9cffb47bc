import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAudioFile, decodeAudioFileToMono } from '../../src/engine/audio/decode.node.ts';
import { toModelAudio } from '../../src/engine/audio/prepare.ts';
import { encodeWav } from '../../src/engine/audio/wav.ts';

const dir = mkdtempSync(join(tmpdir(), 'undertone-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Node decoding', () => {
  it('streams a multi-megabyte stereo WAV to 32 kHz mono exactly like a whole-file decode', async () => {
    const n = 44100 * 12; // 12 s stereo float: ~4 MB, several 1 MiB read chunks
    const l = Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin(i * 0.05));
    const r = Float32Array.from({ length: n }, (_, i) => 0.25 * Math.sin(i * 0.011));
    const path = join(dir, 'stereo.wav');
    writeFileSync(path, encodeWav([l, r], 44100, 'float32'));
    const whole = toModelAudio(await decodeAudioFile(path), 32000);
    const streamed = await decodeAudioFileToMono(path, 32000);
    expect(streamed.sampleRate).toBe(32000);
    expect(streamed.samples.length).toBe(32000 * 12);
    expect(streamed.samples).toEqual(whole.samples);
  });

  it('names the file and the reason for empty, unknown and missing input', async () => {
    writeFileSync(join(dir, 'empty.mp3'), new Uint8Array(0));
    writeFileSync(join(dir, 'text.wav'), 'just some text, not RIFF');
    await expect(decodeAudioFileToMono(join(dir, 'empty.mp3'), 32000)).rejects.toThrow(/empty\.mp3: the file is empty/);
    await expect(decodeAudioFileToMono(join(dir, 'text.wav'), 32000)).rejects.toThrow(/text\.wav: not audio that can be decoded/);
    await expect(decodeAudioFileToMono(join(dir, 'missing.flac'), 32000)).rejects.toThrow(/missing\.flac: cannot read \(ENOENT\)/);
  });
});
