/**
 * `undertone generate` end to end on the tiny random pack and the app's codec: a WAV of the asked length
 * at the pack's rate, audible, the same for the same seed; the video condition changes the take.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWav } from '../../src/engine/audio/wav.ts';
import { createProject } from '../../src/engine/project/create.ts';
import { projectToJson } from '../../src/engine/project/serialize.ts';
import { runCli } from '../cli-run.ts';
import { HAS_FFMPEG, makeClip } from '../video/clips.ts';
import { TINY_PACK_DIR } from './tiny-pack.ts';

const dir = mkdtempSync(join(tmpdir(), 'undertone-generate-'));
const project = join(dir, 'p.undertone.json');
writeFileSync(project, projectToJson(createProject('cli', 3)));

/** 2.5 s of 64 × 36 rgb24 at 10 fps: a bright square moving right, a cut to dark at 1.2 s. */
function rawClip(): string {
  const W = 64, H = 36, frames = 25, buf = new Uint8Array(W * H * 3 * frames);
  for (let f = 0; f < frames; f++) {
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const i = ((f * H + y) * W + x) * 3, inSquare = x >= f * 2 && x < f * 2 + 10 && y >= 13 && y < 23;
      const v = f < 12 ? (inSquare ? 240 : 90) : (inSquare ? 60 : 10);
      buf[i] = v; buf[i + 1] = v; buf[i + 2] = 255 - v;
    }
  }
  const path = join(dir, 'clip.rgb');
  writeFileSync(path, buf);
  return path;
}

const gen = (out: string, ...more: string[]) =>
  runCli('generate', '--project', project, '--pack', TINY_PACK_DIR.replace(/\/$/, ''), '--seconds', '2', '--seed', '3', '--out', join(dir, out), ...more);

describe('undertone generate', () => {
  it('writes a WAV of the asked duration at 32 kHz, the same for the same seed', async () => {
    const a = await gen('a.wav');
    expect(a.code, a.err).toBe(0);
    expect(a.err).toMatch(/wrote 2\.00 s \(100 frames, 103 steps, .*× real time\) with music-tiny-random, no video, seed 3/);
    const wav = decodeWav(new Uint8Array(readFileSync(join(dir, 'a.wav'))));
    expect(wav.sampleRate).toBe(32000);
    expect(wav.channels[0].length).toBe(64000);
    const rms = Math.sqrt(wav.channels[0].reduce((s, v) => s + v * v, 0) / 64000);
    expect(rms).toBeGreaterThan(1e-3);
    expect((await gen('b.wav')).code).toBe(0);
    expect(readFileSync(join(dir, 'b.wav')).equals(readFileSync(join(dir, 'a.wav')))).toBe(true);
  });

  it('takes the video condition from an analysis (undertone analyze) and it changes the take', async () => {
    const analysis = join(dir, 'clip.json');
    expect((await runCli('analyze', '--raw', '64x36', '--fps', '10', rawClip(), '--out', analysis)).code).toBe(0);
    const v = await gen('v.wav', '--video', analysis);
    expect(v.code, v.err).toBe(0);
    expect(v.err).toMatch(/with music-tiny-random, video, seed 3/);
    expect(readFileSync(join(dir, 'v.wav')).equals(readFileSync(join(dir, 'a.wav')))).toBe(false);
  });

  it.skipIf(!HAS_FFMPEG)('analyses a video file given as --video (ffmpeg), from --start on', async () => {
    const clip = join(dir, 'clip.mp4');
    makeClip(clip, [{ src: 'testsrc2', dur: 1.5 }, { src: 'smptebars', dur: 1.5 }]);
    const v = await gen('mp4.wav', '--video', clip, '--start', '1', '--seconds', '1.5');
    expect(v.code, v.err).toBe(0);
    expect(v.err).toMatch(/wrote 1\.50 s \(75 frames, 78 steps, .*\) with music-tiny-random, video, seed 3/);
    expect(decodeWav(new Uint8Array(readFileSync(join(dir, 'mp4.wav')))).channels[0].length).toBe(48000);
  });

  it('says what is wrong with the command line or the pack', async () => {
    expect((await runCli('generate')).err).toMatch(/--project is required/);
    expect((await runCli('generate', '--project', project, '--seconds', '-1')).code).toBe(2);
    const search = await runCli('generate', '--project', project, '--level-search', '0');
    expect(search.code).toBe(2);
    expect(search.err).toMatch(/--level-search must be a whole number of candidates from 1 to 16/);
    const missing = await runCli('generate', '--project', project, '--pack', join(dir, 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\/manifest\.json cannot be read \(ENOENT\)/);
  });
});
