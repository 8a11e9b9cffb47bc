/**
 * The held-out pitch fixtures in test/fixtures/pitch/ (written by scripts/make-pitch-fixtures.ts):
 * single GM notes and short phrases rendered with TimGM6mb, described by fixtures.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav } from '../../src/engine/audio/wav.ts';
import type { MelodyNote } from '../../src/engine/metrics/index.ts';

// PITCH_FIXTURES: the same set rendered with another bank (scripts/make-pitch-fixtures.ts
// PITCH_OUT), for reports only; the specs always read the committed fixtures.
export const FIXTURES_DIR = process.env.PITCH_FIXTURES ?? fileURLToPath(new URL('../fixtures/pitch/', import.meta.url));

export interface FixtureNote { file: string; program: number; instrument: string; pitch: number }
export interface FixturePhrase { file: string; bpm: number; key: string; melody: MelodyNote[] }
export interface Fixtures { sampleRate: number; notes: FixtureNote[]; phrases: FixturePhrase[] }

export function loadFixtures(): Fixtures {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, 'fixtures.json'), 'utf8')) as Fixtures;
}

export function fixtureAudio(file: string): Float32Array {
  return decodeWav(readFileSync(join(FIXTURES_DIR, file))).channels[0];
}

export const midiHz = (m: number): number => 440 * 2 ** ((m - 69) / 12);
