import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../src/engine/audio/wav.ts';
import { resample } from '../../src/engine/audio/resample.ts';
import { runCli } from '../cli-run.ts';
import type { ControlsJson } from '../../src/engine/controls/json.ts';
import { beatF1 } from '../../src/engine/metrics/index.ts';
import { drumPattern, grid, SR } from './synth.ts';

const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
let dir: string;
const D = 8;
const truth = grid(() => 120, D, 4);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'undertone-extract-'));
  // 44.1 kHz stereo, so decode, mixdown and resampling are all exercised
  const mono = resample(drumPattern(truth, D, 4), SR, 44100);
  writeFileSync(join(dir, 'drums.wav'), encodeWav([mono, mono], 44100, 'pcm16'));
  writeFileSync(join(dir, 'corrupt.wav'), Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt garbage that is not audio at all'));
  writeFileSync(join(dir, 'noise.mp3'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)));
  writeFileSync(join(dir, 'short.wav'), encodeWav([new Float32Array(3200).fill(0.1)], 32000, 'float32'));
});

const cli = (...args: string[]) => runCli('extract', ...args);

describe('undertone extract', () => {
  it('writes the documented JSON for one file', async () => {
    const out = join(dir, 'out', 'drums.json');
    const r = await cli(join(dir, 'drums.wav'), '--out', out);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8')) as ControlsJson;
    expect(j.format).toBe('undertone-controls');
    expect([j.sampleRate, j.frameRate, j.frames]).toEqual([32000, 50, 400]);
    expect(j.tempo).toBeCloseTo(120, 0);
    expect(j.beatsPerBar).toBe(4);
    expect(beatF1(truth.map((b) => b.t), j.beats).f1).toBeGreaterThanOrEqual(0.95);
    expect(j.downbeats.length).toBeGreaterThanOrEqual(3);
    expect(j.controls.melody.values.length).toBe(400);
    expect(j.controls.melody.values[0].length).toBe(12);
    expect(j.controls.emotion.mask[0]).toEqual([1, 1]);
    expect(j.controls.rhythm.values.flat().filter((v) => v === 1 || v === 2).length).toBe(j.beats.length);
  });

  it('honours --rate and --fps', async () => {
    const r = await cli(join(dir, 'short.wav'), '--fps', '25', '--rate', '16000');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as ControlsJson;
    expect([j.sampleRate, j.frameRate, j.frames]).toEqual([16000, 25, 3]);
  });

  it('refuses corrupt audio with a clear message and exit code 1', async () => {
    const r = await cli(join(dir, 'corrupt.wav'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/corrupt\.wav: not audio that can be decoded/);
    const missing = await cli(join(dir, 'nope.wav'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.wav: cannot read \(ENOENT\)/);
    expect((await cli('--bogus')).code).toBe(2);
  });

  it('--batch writes every good file, reports the bad ones, and exits 1 at the end', async () => {
    mkdirSync(join(dir, 'nested'), { recursive: true });
    writeFileSync(join(dir, 'nested', 'again.wav'), readFileSync(join(dir, 'short.wav')));
    const out = join(dir, 'batch');
    const r = await cli('--batch', dir, '--out', out);
    expect(r.code).toBe(1);
    expect(existsSync(join(out, 'drums.json'))).toBe(true);
    expect(existsSync(join(out, 'short.json'))).toBe(true);
    expect(existsSync(join(out, 'nested', 'again.json'))).toBe(true);
    expect(r.err).toMatch(/error {2}corrupt\.wav/);
    expect(r.err).toMatch(/error {2}noise\.mp3/);
    expect(r.err).toMatch(/3 written, 0 skipped, 2 failed/);
    const again = await cli('--batch', dir, '--out', out, '--skip-existing');
    expect(again.err).toMatch(/0 written, 3 skipped, 2 failed/);
  });

  it('--batch --shard k/n shares a folder between n processes: each file written by exactly one', async () => {
    const src = join(dir, 'shards');
    mkdirSync(src, { recursive: true });
    for (const name of ['a', 'b', 'c', 'd', 'e']) writeFileSync(join(src, `${name}.wav`), readFileSync(join(dir, 'short.wav')));
    const out = join(dir, 'shards-out');
    const first = await cli('--batch', src, '--out', out, '--shard', '0/2'); // in-process runner: one at a time
    const second = await cli('--batch', src, '--out', out, '--shard', '1/2');
    expect(first.err).toMatch(/3 written, 0 skipped, 0 failed/); // a, c, e in name order
    expect(second.err).toMatch(/2 written, 0 skipped, 0 failed/); // b, d
    expect(['a', 'b', 'c', 'd', 'e'].every((n) => existsSync(join(out, `${n}.json`)))).toBe(true);
    expect((await cli('--batch', src, '--out', out, '--shard', '2/2')).code).toBe(2);
  });

  it('--batch follows symbolic links to files and folders (each real folder once) and says when a folder holds no audio', async () => {
    const linked = join(dir, 'linked');
    mkdirSync(join(linked, 'sub'), { recursive: true });
    symlinkSync(join(dir, 'short.wav'), join(linked, 'clip.wav'));
    symlinkSync(join(dir, 'nested'), join(linked, 'sub', 'more'));
    symlinkSync(linked, join(linked, 'sub', 'loop')); // back up the tree: must not loop
    const out = join(dir, 'linked-out');
    const r = await cli('--batch', linked, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(out, 'clip.json'))).toBe(true);
    expect(existsSync(join(out, 'sub', 'more', 'again.json'))).toBe(true);
    expect(r.err).toMatch(/2 written, 0 skipped, 0 failed/);
    mkdirSync(join(dir, 'empty'), { recursive: true });
    const none = await cli('--batch', join(dir, 'empty'), '--out', join(dir, 'empty-out'));
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no audio files \(.*\.wav.*\) under/);
  });

  it('runs as a real process through bin/undertone.mjs', () => {
    const r = spawnSync(process.execPath, ['bin/undertone.mjs', 'extract', join(dir, 'short.wav')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as ControlsJson).frames).toBe(5);
    const bad = spawnSync(process.execPath, ['bin/undertone.mjs', 'extract', join(dir, 'corrupt.wav')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/not audio that can be decoded/);
  });

  it.skipIf(!hasFfmpeg)('reads FLAC, OGG/Vorbis, Opus and MP3 (ffmpeg-encoded) to the same beats', async () => {
    for (const [ext, codec] of [['flac', 'flac'], ['ogg', 'libvorbis'], ['opus', 'libopus'], ['mp3', 'libmp3lame']]) {
      const file = join(dir, 'formats', `drums.${ext}`);
      mkdirSync(join(dir, 'formats'), { recursive: true });
      execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', join(dir, 'drums.wav'), '-c:a', codec, file]);
      const r = await cli(file);
      expect(r.code, `${ext}: ${r.err}`).toBe(0);
      const j = JSON.parse(r.out) as ControlsJson;
      // MP3 and Opus add encoder delay (a few ms to ~25 ms), well inside the ±70 ms tolerance
      expect(beatF1(truth.map((b) => b.t), j.beats).f1, ext).toBeGreaterThanOrEqual(0.95);
    }
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
