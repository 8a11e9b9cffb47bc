/**
 * Scores the engine's chord and key recognition against known chords (training/reports/chords.md).
 * Reads a manifest written by training/scripts/chord_eval.py: [{wav, score, soundfont, ...}], the
 * score JSON holding "chords" (segments) and "key". Each render goes through the same path as
 * `undertone extract` (decode, resample, extractControls).
 *
 * usage: npx tsx scripts/chord-eval.ts <manifest.json> [--out result.json]
 *          [--options '{"stay":0.9}']      recognition options over the defaults
 *          [--grid grid.json]              tuning: a list of option sets, each scored on the same
 *                                          analyses (only ever run on the "tune" set)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform } from 'node:os';
import { decodeAudioFileToMono } from '../src/engine/audio/decode.node.ts';
import { analyse, type AudioFeatures } from '../src/engine/controls/features.ts';
import { extractFromFeatures, type Extraction } from '../src/engine/controls/extract.ts';
import { DEFAULT_RATE } from '../src/engine/controls/types.ts';
import { keyScore, majminAccuracy } from '../src/engine/harmony/accuracy.ts';
import { DEFAULT_RECOGNITION, recogniseChords, type RecognitionOptions } from '../src/engine/harmony/recognise.ts';
import { keyLabel, parseKey, type ChordSegment } from '../src/engine/harmony/symbols.ts';

interface Row { wav: string; score: string; soundfont: string; voicing?: string; accomp?: string; piece: number; meter?: number; drums?: boolean; modes?: string[] }
/** Modes whose key is plainly major or minor; the others (dorian, lydian, …) share their notes with another key. */
const TONAL_MODES = new Set(['ionian', 'aeolian', 'harmonic_minor']);
interface Scored { row: Row; matched: number; evaluated: number; key: number; keyExact: boolean; estKey: string; refKey: string }

const args = process.argv.slice(2);
const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const rows = JSON.parse(readFileSync(args[0], 'utf8')) as Row[];
const overrides = JSON.parse(opt('--options') ?? '{}') as Partial<RecognitionOptions>;
const grid = opt('--grid') ? (JSON.parse(readFileSync(opt('--grid')!, 'utf8')) as Partial<RecognitionOptions>[]) : null;

function summary(scored: Scored[], by?: (r: Row) => string) {
  const groups = new Map<string, Scored[]>();
  for (const s of scored) {
    const k = by ? by(s.row) : 'all';
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  return [...groups].sort().map(([group, g]) => ({
    group,
    renders: g.length,
    majmin: g.reduce((a, s) => a + s.matched, 0) / g.reduce((a, s) => a + s.evaluated, 0),
    keyMirex: g.reduce((a, s) => a + s.key, 0) / g.length,
    keyExact: g.filter((s) => s.keyExact).length / g.length,
  }));
}

interface Analysis { row: Row; f: AudioFeatures; x: Extraction; score: { chords: ChordSegment[]; key: string } }
const analyses: Analysis[] = [];
const started = performance.now();
for (const row of rows) {
  const audio = await decodeAudioFileToMono(row.wav, DEFAULT_RATE.sampleRate);
  const f = analyse(audio.samples, DEFAULT_RATE);
  const x = extractFromFeatures(f, audio.samples.length / DEFAULT_RATE.sampleRate, overrides);
  const score = JSON.parse(readFileSync(row.score, 'utf8')) as { chords: ChordSegment[]; key: string; spec: { modes: string[] } };
  analyses.push({ row: { ...row, modes: score.spec.modes }, f, x, score });
}
const seconds = (performance.now() - started) / 1000;

function scoreAll(options: Partial<RecognitionOptions>): Scored[] {
  return analyses.map(({ row, f, x, score }) => {
    const h = grid
      ? recogniseChords({ chroma: f.chroma, bassChroma: f.bassChroma, levelDb: f.levelDb, frameRate: f.rate.frameRate, beats: x.beats.map((b) => b.t), downbeats: x.beats.filter((b) => b.downbeat).map((b) => b.t) }, options)
      : { key: x.key, chords: x.chords };
    const m = majminAccuracy(score.chords, h.chords);
    const ref = parseKey(score.key);
    return {
      row, matched: m.matched, evaluated: m.evaluated, key: keyScore(ref, h.key),
      keyExact: keyScore(ref, h.key) === 1, estKey: h.key ? keyLabel(h.key) : 'none', refKey: score.key,
    };
  });
}

const pct = (v: number) => (100 * v).toFixed(1);
if (grid) {
  const results = grid.map((g) => ({ options: g, ...summary(scoreAll({ ...overrides, ...g }))[0] }));
  results.sort((a, b) => b.majmin - a.majmin);
  for (const r of results) console.log(`${pct(r.majmin)}  key ${pct(r.keyMirex)} (${pct(r.keyExact)})  ${JSON.stringify(r.options)}`);
  if (opt('--out')) writeFileSync(opt('--out')!, JSON.stringify(results, null, 1));
} else {
  const scored = scoreAll(overrides);
  const table = {
    all: summary(scored),
    soundfont: summary(scored, (r) => r.soundfont),
    voicing: summary(scored, (r) => r.voicing ?? '?'),
    accomp: summary(scored, (r) => r.accomp ?? '?'),
    meter: summary(scored, (r) => `${r.meter}/4`),
    drums: summary(scored, (r) => (r.drums ? 'with' : 'without')),
    modes: summary(scored, (r) => (r.modes!.every((m) => TONAL_MODES.has(m)) ? 'major/minor' : 'modal')),
  };
  console.log('| group | renders | majmin | key (MIREX) | key exact |\n|---|---|---|---|---|');
  for (const [name, groups] of Object.entries(table)) {
    for (const g of groups) console.log(`| ${name === 'all' ? 'all' : `${name}: ${g.group}`} | ${g.renders} | ${pct(g.majmin)} % | ${pct(g.keyMirex)} % | ${pct(g.keyExact)} % |`);
  }
  console.log(`\n${rows.length} renders analysed in ${seconds.toFixed(1)} s on ${cpus().length}× ${cpus()[0]?.model ?? '?'} (${platform()})`);
  const perRender = scored.map((s) => ({ wav: s.row.wav, majmin: s.matched / s.evaluated, refKey: s.refKey, estKey: s.estKey }));
  if (opt('--out')) writeFileSync(opt('--out')!, JSON.stringify({ options: { ...DEFAULT_RECOGNITION, ...overrides }, table, perRender }, null, 1));
}
