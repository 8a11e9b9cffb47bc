import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resample } from '../../src/engine/audio/resample.ts';
import { encodeWav } from '../../src/engine/audio/wav.ts';
import { runCli } from '../cli-run.ts';
import { centsBetween } from '../../src/engine/metrics/index.ts';
import { drumPattern, grid, mix, SR, toneMelody } from '../controls/synth.ts';

let dir: string;
const D = 6;
const beats = grid(() => 120, D, 4);
const melody = Array.from({ length: 11 }, (_, i) => ({ start: 0.5 + i * 0.5, end: 0.95 + i * 0.5, midi: [72, 76, 79, 76][i % 4] }));
const song = (offset: number) => mix(drumPattern(beats, D), toneMelody(melody.map((n) => ({ ...n, midi: n.midi + offset })), D));
const wav = (name: string, x: Float32Array, rate = SR) => writeFileSync(join(dir, name), encodeWav([x], rate, 'pcm16'));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'undertone-compare-'));
  wav('song.wav', song(0));
  wav('song-up.wav', song(1));
  // the round trip at 44.1 kHz: compare reads both sides at the model rate
  wav('song-44k.wav', resample(song(0), SR, 44100), 44100);
  wav('a3.wav', toneMelody([{ start: 0, end: 1, midi: 57 }], 1));
  wav('a3-sharp.wav', toneMelody([{ start: 0, end: 1, midi: 57.3 }], 1));
  mkdirSync(join(dir, 'pairs'));
  writeFileSync(join(dir, 'pairs', 'pairs.json'), JSON.stringify([
    { original: '../song.wav', roundTrip: '../song-44k.wav', melody: melody.map((n) => ({ start: n.start, end: n.end, pitch: n.midi })) },
    { original: '../song.wav', roundTrip: '../song-up.wav' },
    { original: join(dir, 'a3.wav'), roundTrip: '../a3-sharp.wav', note: true },
  ]));
  writeFileSync(join(dir, 'pairs', 'bad.json'), JSON.stringify([{ original: '../song.wav', roundTrip: '../missing.wav' }, { original: '../a3.wav', roundTrip: '../a3.wav', note: true }]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli('compare', ...args);

describe('undertone compare', () => {
  it('scores one pair: a lossless copy keeps everything, a semitone shift loses the pitch', async () => {
    const same = await cli(join(dir, 'song.wav'), join(dir, 'song-44k.wav'));
    expect(same.code).toBe(0);
    const s = JSON.parse(same.out);
    expect(Object.keys(s).sort()).toEqual(['beatF1', 'chromaCosine', 'downbeatF1', 'intensityPcc', 'melodyAccuracy']);
    expect(s.chromaCosine).toBeGreaterThan(0.99);
    expect(s.melodyAccuracy).toBeGreaterThan(0.97);
    expect(s.beatF1).toBe(1);
    const up = JSON.parse((await cli(join(dir, 'song.wav'), join(dir, 'song-up.wav'))).out);
    expect(up.chromaCosine).toBeLessThan(0.3);
    expect(up.melodyAccuracy).toBeLessThan(0.1);
    expect(up.beatF1).toBe(1);
  });

  it('--note adds f0 of each side and the error in cents', async () => {
    const r = await cli(join(dir, 'a3.wav'), join(dir, 'a3-sharp.wav'), '--note');
    const s = JSON.parse(r.out);
    expect(s.f0Original).toBeCloseTo(220, 0);
    expect(s.f0RoundTrip).toBeCloseTo(220 * 2 ** (0.3 / 12), 0);
    expect(s.cents).toBeCloseTo(30, 0);
    expect(s.cents).toBeCloseTo(centsBetween(s.f0Original, s.f0RoundTrip), 3);
  });

  it('--pairs scores a list in one process: per-pair results and means', async () => {
    const r = await cli('--pairs', join(dir, 'pairs', 'pairs.json'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.format).toBe('undertone-compare');
    expect(j.failed).toBe(0);
    expect(j.pairs.map((p: { roundTrip: string }) => p.roundTrip)).toEqual(['song-44k.wav', 'song-up.wav', 'a3-sharp.wav'].map((f) => join(dir, f)));
    expect(j.pairs[0].nominalMelody.ratio).toBeGreaterThan(0.97);
    expect(j.pairs[2].cents).toBeCloseTo(30, 0);
    expect(j.pairs[1].f0Original).toBeUndefined(); // only pairs marked "note"
    const mean = (k: string) => j.pairs.reduce((s: number, p: Record<string, number>) => s + p[k], 0) / 3;
    expect(j.mean.clips).toBe(3);
    expect(j.mean.chromaCosine).toBeCloseTo(mean('chromaCosine'), 5);
    expect(j.mean.beatF1).toBeCloseTo(mean('beatF1'), 5);
    expect([j.mean.notes, j.mean.noteAccuracy]).toEqual([1, 1]);
    expect(j.mean.melodyRatio).toBeCloseTo(j.pairs[0].nominalMelody.ratio, 5);
  });

  it('reports an unreadable pair, scores the rest, and exits 1; bad usage exits 2', async () => {
    const r = await cli('--pairs', join(dir, 'pairs', 'bad.json'));
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.pairs[0].error).toMatch(/missing\.wav: cannot read/);
    expect(j.pairs[1].cents).toBe(0);
    expect([j.failed, j.mean.clips]).toEqual([1, 1]);
    expect(r.err).toMatch(/1 pairs scored, 1 failed/);
    expect((await cli(join(dir, 'song.wav'))).code).toBe(2);
    expect((await cli('--pairs')).code).toBe(2);
    expect((await cli('--pairs', join(dir, 'pairs', 'pairs.json'), '--note')).code).toBe(2);
    writeFileSync(join(dir, 'notjson.json'), '{');
    expect((await cli('--pairs', join(dir, 'notjson.json'))).err).toMatch(/not JSON/);
  });

  it('runs as a real process through bin/undertone.mjs', () => {
    const r = spawnSync(process.execPath, ['bin/undertone.mjs', 'compare', join(dir, 'a3.wav'), join(dir, 'a3.wav'), '--note'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ chromaCosine: 1, cents: 0 });
  });
});
