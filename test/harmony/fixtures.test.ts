/**
 * Chord and key recognition on composer renders with known chords (test/fixtures/harmony/,
 * written by training/scripts/chord_fixtures.py from seeds never used to tune recognition):
 * the full extraction path, from samples to the controls.json fields and the harmony track.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWav } from '../../src/engine/audio/wav.ts';
import { resample } from '../../src/engine/audio/resample.ts';
import { extractControls } from '../../src/engine/controls/extract.ts';
import { extractionToJson } from '../../src/engine/controls/json.ts';
import { keyScore, majminAccuracy } from '../../src/engine/harmony/accuracy.ts';
import { keyLabel, parseKey, type ChordSegment } from '../../src/engine/harmony/symbols.ts';
import { drumPattern, grid } from '../controls/synth.ts';
import { runCli } from '../cli-run.ts';
import type { ControlsJson } from '../../src/engine/controls/json.ts';

const DIR = fileURLToPath(new URL('../fixtures/harmony/', import.meta.url));
interface Fixture { file: string; key: string; chords: ChordSegment[] }
const set = JSON.parse(readFileSync(join(DIR, 'fixtures.json'), 'utf8')) as { sampleRate: number; fixtures: Fixture[] };

function extract(f: Fixture) {
  const x = decodeWav(readFileSync(join(DIR, f.file))).channels[0];
  return extractControls(resample(x, set.sampleRate, 32000));
}

// measured majmin 0.954 / 0.970 / 0.941; the bars leave room for platform noise only.
// Piece 0 is D mixolydian — G major's notes over a D drone of chords — and is named G major.
const EXPECTED: Record<string, { majmin: number; key: string }> = {
  'piece-0-timgm6mb-close.wav': { majmin: 0.93, key: 'G major' },
  'piece-1-fluidr3-open.wav': { majmin: 0.95, key: 'Bb major' },
  'piece-2-timgm6mb-high.wav': { majmin: 0.92, key: 'E major' },
};

describe('chord recognition on composer renders', () => {
  const results = set.fixtures.map((f) => ({ f, x: extract(f) }));

  it.each(set.fixtures.map((f) => [f.file]))('%s: majmin accuracy and key', (file) => {
    const { f, x } = results.find((r) => r.f.file === file)!;
    const score = majminAccuracy(f.chords, x.chords);
    expect(score.accuracy).toBeGreaterThanOrEqual(EXPECTED[file].majmin);
    expect(x.key && keyLabel(x.key)).toBe(EXPECTED[file].key);
  });

  it('names the key of the two pieces in major/minor (not modal) keys', () => {
    for (const { f, x } of results.slice(1)) expect(keyScore(parseKey(f.key), x.key)).toBe(1);
  });

  it('over the set, majmin accuracy passes the issue bar of 0.85', () => {
    let matched = 0, evaluated = 0;
    for (const { f, x } of results) {
      const s = majminAccuracy(f.chords, x.chords);
      matched += s.matched;
      evaluated += s.evaluated;
    }
    expect(matched / evaluated).toBeGreaterThanOrEqual(0.85);
  });

  it('writes key and chords to controls.json and fills the harmony track from the chords', () => {
    const { x } = results[1];
    const j = extractionToJson(x, 'piece.wav');
    expect(j.version).toBe(2);
    expect(j.key).toBe('Bb major');
    expect(j.chords[0].start).toBe(0);
    expect(j.chords[j.chords.length - 1].end).toBeCloseTo(x.controls.frames / 50, 6);
    for (let i = 1; i < j.chords.length; i++) expect(j.chords[i].start).toBe(j.chords[i - 1].end);
    // frame 100 (2.0 s) in the harmony track holds the chord the segments name there
    const at = j.chords.find((c) => c.start <= 2 && 2 < c.end)!;
    const row = j.controls.harmony.values[100];
    expect(j.controls.harmony.mask[100]).toEqual(new Array(24).fill(1));
    expect(row.slice(12).indexOf(1)).toBe({ G: 7, Gm: 7, Eb: 3, Bb: 10, F: 5, Cm: 0, Dm: 2 }[at.label]);
    expect(row.slice(0, 12).reduce((a, v) => a + v, 0)).toBe(3);
    // every frame is an instruction: a chord, or "N" over the silent start and tail
    expect(j.controls.harmony.mask.every((m) => m.every((v) => v === 1))).toBe(true);
  });

  it('drums alone are no chord and no key', () => {
    const x = extractControls(drumPattern(grid(() => 120, 6, 4), 6, 4));
    expect(x.key).toBeNull();
    expect(x.chords.map((c) => c.label)).toEqual(['N']);
  });

  it('`undertone extract` writes the key and chords of a 16 kHz file (its own decode and resampler)', async () => {
    const f = set.fixtures[2];
    const r = await runCli('extract', join(DIR, f.file));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as ControlsJson;
    expect([j.version, j.key]).toEqual([2, 'E major']);
    expect(majminAccuracy(f.chords, j.chords).accuracy).toBeGreaterThanOrEqual(0.92);
    expect(j.controls.harmony.values.length).toBe(j.frames);
  });
});
