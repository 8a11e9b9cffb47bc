import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFileToMono } from '../../src/engine/audio/decode.node.ts';
import { RESAMPLE_DEFAULTS } from '../../src/engine/audio/resample.ts';
import { decodeWav, encodeWav } from '../../src/engine/audio/wav.ts';
import { runCli } from '../cli-run.ts';

const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
let dir: string;
const sine = (hz: number, amp: number, rate: number, n: number) =>
  Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'undertone-decode-'));
  // 44.1 kHz stereo with unequal channels: decode, mixdown (the mean) and resampling all show
  writeFileSync(join(dir, 'tone.wav'), encodeWav([sine(440, 0.6, 44100, 44100), sine(440, 0.2, 44100, 44100)], 44100, 'float32'));
  writeFileSync(join(dir, 'tone32k.wav'), encodeWav([sine(330, 0.5, 32000, 16000)], 32000, 'pcm16'));
  writeFileSync(join(dir, 'corrupt.wav'), Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt garbage that is not audio at all'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli('decode', ...args);

const rms = (x: Float32Array, from = 0, to = x.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
};

describe('undertone decode', () => {
  it('writes 16-bit mono at 32 kHz: the mean of the channels, resampled with the full filter', async () => {
    const out = join(dir, 'out', 'tone.wav');
    const r = await cli(join(dir, 'tone.wav'), '--out', out);
    expect(r.code, r.err).toBe(0);
    const wav = decodeWav(readFileSync(out));
    expect([wav.format, wav.sampleRate, wav.channels.length, wav.channels[0].length]).toEqual(['pcm16', 32000, 1, 32000]);
    // (0.6 + 0.2) / 2 = 0.4 amplitude → RMS 0.4 / √2 away from the edges
    expect(rms(wav.channels[0], 1000, 31000)).toBeCloseTo(0.4 / Math.SQRT2, 4);
    const engine = await decodeAudioFileToMono(join(dir, 'tone.wav'), 32000, RESAMPLE_DEFAULTS);
    let maxErr = 0;
    for (let i = 0; i < 32000; i++) maxErr = Math.max(maxErr, Math.abs(wav.channels[0][i] - engine.samples[i]));
    expect(maxErr).toBeLessThan(2.5 / 32768); // within the 16-bit dither
  });

  it('--filter analysis --format float32 gives exactly the samples `extract` analyses', async () => {
    const out = join(dir, 'out', 'tone-analysis.wav');
    expect((await cli(join(dir, 'tone.wav'), '--out', out, '--filter', 'analysis', '--format', 'float32')).code).toBe(0);
    const wav = decodeWav(readFileSync(out));
    expect(wav.format).toBe('float32');
    expect(wav.channels[0]).toEqual((await decodeAudioFileToMono(join(dir, 'tone.wav'), 32000)).samples);
  });

  it('honours --rate: ceil(n · to / from) samples', async () => {
    const out = join(dir, 'out', 'tone-16k.wav');
    expect((await cli(join(dir, 'tone.wav'), '--out', out, '--rate', '16000')).code).toBe(0);
    const wav = decodeWav(readFileSync(out));
    expect([wav.sampleRate, wav.channels[0].length]).toEqual([16000, 16000]);
  });

  it('refuses bad options with exit code 2 and bad audio with exit code 1', async () => {
    expect((await cli(join(dir, 'tone.wav'))).code).toBe(2); // no --out
    expect((await cli(join(dir, 'tone.wav'), '--out', join(dir, 'x.wav'), '--format', 'pcm24')).code).toBe(2);
    expect((await cli(join(dir, 'tone.wav'), '--out', join(dir, 'x.wav'), '--rate', '44.1')).code).toBe(2);
    const bad = await cli(join(dir, 'corrupt.wav'), '--out', join(dir, 'x.wav'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/corrupt\.wav: not audio that can be decoded/);
    expect(existsSync(join(dir, 'x.wav'))).toBe(false);
  });

  it('--batch decodes a JSON list, skips outputs that exist, reports every entry and exits 1 on failures', async () => {
    const out = join(dir, 'batch');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'done.wav'), 'left alone');
    const list = join(dir, 'list.json');
    writeFileSync(list, JSON.stringify([
      { in: join(dir, 'tone.wav'), out: join(out, 'a', 'tone.wav') },
      { in: join(dir, 'corrupt.wav'), out: join(out, 'corrupt.wav') },
      { in: join(dir, 'tone.wav'), out: join(out, 'done.wav') },
    ]));
    const r = await cli('--batch', list, '--format', 'float32');
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { status: string; samples?: number; error?: string });
    expect(lines.map((l) => l.status)).toEqual(['ok', 'error', 'skipped']);
    expect(lines[0].samples).toBe(32000);
    expect(lines[1].error).toMatch(/corrupt\.wav: not audio that can be decoded/);
    expect(r.err).toMatch(/1 written, 1 skipped, 1 failed/);
    expect(readFileSync(join(out, 'done.wav'), 'utf8')).toBe('left alone');
    expect(decodeWav(readFileSync(join(out, 'a', 'tone.wav'))).channels[0].length).toBe(32000);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const again = await cli('--batch', list);
    expect(again.out.trim().split('\n').map((l) => (JSON.parse(l) as { status: string }).status)).toEqual(['skipped', 'error', 'skipped']);
    writeFileSync(list, '{"in": "not a list"}');
    expect((await cli('--batch', list)).code).toBe(2);
  });

  it('runs as a real process through bin/undertone.mjs', () => {
    const list = join(dir, 'list-proc.json');
    writeFileSync(list, JSON.stringify([{ in: join(dir, 'tone.wav'), out: join(dir, 'proc', 'tone.wav') }]));
    const r = spawnSync(process.execPath, ['bin/undertone.mjs', 'decode', '--batch', list], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ status: 'ok', samples: 32000 });
  });

  it.skipIf(!hasFfmpeg)('reads FLAC to the very samples of the WAV it was made from', async () => {
    const flac = join(dir, 'tone32k.flac');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', join(dir, 'tone32k.wav'), flac]);
    for (const f of ['tone32k.wav', 'tone32k.flac']) {
      expect((await cli(join(dir, f), '--out', join(dir, 'out', `${f}.wav`), '--format', 'float32')).code).toBe(0);
    }
    const fromWav = decodeWav(readFileSync(join(dir, 'out', 'tone32k.wav.wav'))).channels[0];
    expect(fromWav.length).toBe(16000);
    const fromFlac = decodeWav(readFileSync(join(dir, 'out', 'tone32k.flac.wav'))).channels[0];
    expect(fromFlac.length).toBe(16000);
    // audio-decode's FLAC decoder scales negative samples by 1/32767, its WAV decoder by 1/32768
    let maxErr = 0;
    for (let i = 0; i < fromWav.length; i++) maxErr = Math.max(maxErr, Math.abs(fromFlac[i] - fromWav[i]));
    expect(maxErr).toBeLessThanOrEqual(1 / 32768);
  });
});
