/**
 * Random phrases with their written beats (scripts/make-pitch-fixtures.ts PITCH_SET=phrases:N:SEED,
 * TimGM6mb: a bank training never renders with), drawn and rendered on demand: the set issue 8's beat
 * bar is judged on (beats.test.ts). Three committed 4 s phrases cannot judge beats: on them the
 * engine's tracker moves by a whole phrase's tempo octave at a time, and on random phrases a 5 ms
 * delay alone (a perfect codec with latency) changes its reading to beat F1 0.91 (training/reports/
 * codec.md "Session 27"). Measured against the beats the MIDI wrote, over many phrases, the codec's
 * cost is told apart from the tracker's own doubt.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav } from '../../src/engine/audio/wav.ts';
import { extractControls } from '../../src/engine/controls/extract.ts';
import { beatF1 } from '../../src/engine/metrics/index.ts';
import type { Codec } from './round-trip.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TIMGM6MB = '/usr/share/sounds/sf2/TimGM6mb.sf2';

/** What rendering needs; null when all is there, else what is missing (a test skips with it). */
export function renderingMissing(): string | null {
  const missing = ['fluidsynth', 'sox'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
  if (!existsSync(TIMGM6MB)) missing.push('timgm6mb-soundfont');
  return missing.length ? `needs ${missing.join(', ')} (apt-get install fluidsynth sox timgm6mb-soundfont)` : null;
}

export interface RandomPhrase { readonly file: string; readonly bpm: number; readonly meter: number; readonly beats: readonly number[] }
export interface PhraseSet { readonly dir: string; readonly sampleRate: number; readonly phrases: readonly RandomPhrase[] }

/** Renders `n` phrases drawn by `seed` into a fresh temporary folder (≈ 0.3 s a phrase). */
export function renderRandomPhrases(n: number, seed: number, seconds = 4): PhraseSet {
  const dir = mkdtempSync(join(tmpdir(), 'undertone-phrases-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/make-pitch-fixtures.ts')], {
    cwd: ROOT, encoding: 'utf8',
    env: { ...process.env, PITCH_SET: `phrases:${n}:${seed}`, PITCH_OUT: dir, PITCH_SF2: TIMGM6MB, PITCH_SECONDS: String(seconds) },
  });
  if (r.status !== 0) throw new Error(`rendering random phrases failed: ${r.stderr}`);
  return readPhraseSet(dir);
}

export function readPhraseSet(dir: string): PhraseSet {
  const fx = JSON.parse(readFileSync(join(dir, 'fixtures.json'), 'utf8')) as { sampleRate: number; phrases: RandomPhrase[] };
  return { dir, sampleRate: fx.sampleRate, phrases: fx.phrases };
}

export interface BeatSurvival {
  readonly phrases: number;
  /** Mean beat F1 (±70 ms) of the engine's beats against the written ones: originals, round trips. */
  readonly original: number;
  readonly roundTrip: number;
  /** original − roundTrip: the share of the readable beats the round trip loses. */
  readonly cost: number;
  /** Standard error of the mean per-phrase cost. */
  readonly costSe: number;
  /** Mean beat F1 of the round trip's beats against the original's (the fixtures' measure). */
  readonly againstOriginal: number;
}

const beatTimes = (x: Float32Array, sampleRate: number) => extractControls(x, { sampleRate, frameRate: 50 }).beats.map((b) => b.t);

/** Each phrase through `codec`, its beats read by the engine before and after, scored against the written beats. */
export async function beatSurvival(codec: Codec, set: PhraseSet): Promise<BeatSurvival> {
  if (codec.sampleRate !== set.sampleRate) throw new Error(`codec runs at ${codec.sampleRate} Hz, phrases are ${set.sampleRate} Hz`);
  const o: number[] = [], t: number[] = [], a: number[] = [];
  for (const p of set.phrases) {
    const x = decodeWav(readFileSync(join(set.dir, p.file))).channels[0];
    const before = beatTimes(x, set.sampleRate), after = beatTimes(await codec.roundTrip(x), set.sampleRate);
    o.push(beatF1(p.beats, before).f1);
    t.push(beatF1(p.beats, after).f1);
    a.push(beatF1(before, after).f1);
  }
  const n = o.length, mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / Math.max(1, v.length);
  const d = o.map((v, i) => v - t[i]), md = mean(d);
  const se = n > 1 ? Math.sqrt(d.reduce((s, x) => s + (x - md) ** 2, 0) / (n - 1) / n) : 0;
  return { phrases: n, original: mean(o), roundTrip: mean(t), cost: md, costSe: se, againstOriginal: mean(a) };
}
