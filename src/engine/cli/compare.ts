/**
 * `undertone compare`: what survived a codec round trip (docs/controls.md, "Codec round-trip
 * metrics"). The batch form scores many pairs in one process, so training scripts pay Node's and
 * tsx's start-up once, not per clip; a pair that cannot be read is reported and left out of the
 * means, and the exit code says at the end whether any failed.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { decodeAudioFileToMono } from '../audio/decode.node.ts';
import { DEFAULT_RATE } from '../controls/types.ts';
import {
  noteScores, roundTripScores, summariseRoundTrips, type MelodyNote, type NoteScores, type RoundTripScores,
} from '../metrics/pitch.ts';
import type { CliCommand } from './commands.ts';

const USAGE = `usage:
  undertone compare <original> <roundtrip> [--note]   one pair: JSON to stdout
  undertone compare --pairs pairs.json                many pairs: per-pair results and means
--note      the pair is one sustained note: adds f0 of each side and the error in cents
pairs.json  [{"original": "a.wav", "roundTrip": "a.rt.wav", "note": false,
              "melody": [{"start": 0, "end": 0.5, "pitch": 72}, …]}, …]
            paths relative to the pairs file's folder; note and melody are optional; a melody
            (seconds, MIDI pitch) adds the engine's melody accuracy of both sides against it.
Audio at any rate is read as ${DEFAULT_RATE.sampleRate} Hz mono. docs/controls.md defines every number.`;

interface Pair { readonly original: string; readonly roundTrip: string; readonly note?: boolean; readonly melody?: readonly MelodyNote[] }

export type PairResult = { original: string; roundTrip: string } & (
  | (RoundTripScores & Partial<NoteScores>)
  | { error: string }
);

class UsageError extends Error {}

const r6 = (_: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v);

export async function comparePair(p: Pair): Promise<RoundTripScores & Partial<NoteScores>> {
  const sr = DEFAULT_RATE.sampleRate;
  const [a, b] = await Promise.all([decodeAudioFileToMono(p.original, sr), decodeAudioFileToMono(p.roundTrip, sr)]);
  const scores = roundTripScores(a.samples, b.samples, sr, p.melody);
  return p.note ? { ...scores, ...noteScores(a.samples, b.samples, sr) } : scores;
}

function readPairs(text: string, file: string): Pair[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!Array.isArray(json)) throw new UsageError(`${file}: expected a list of {original, roundTrip}`);
  const base = dirname(file);
  return json.map((p: Partial<Pair>, i) => {
    if (typeof p?.original !== 'string' || typeof p?.roundTrip !== 'string') throw new UsageError(`${file}: pair ${i} needs "original" and "roundTrip" paths`);
    return { ...p, original: resolve(base, p.original), roundTrip: resolve(base, p.roundTrip) } as Pair;
  });
}

export async function compareBatch(pairs: readonly Pair[]): Promise<{ pairs: PairResult[]; mean: ReturnType<typeof summariseRoundTrips>; failed: number }> {
  const results: PairResult[] = [];
  const clips: RoundTripScores[] = [], notes: NoteScores[] = [];
  for (const p of pairs) {
    try {
      const s = await comparePair(p);
      clips.push(s);
      if (p.note) notes.push(s as NoteScores);
      results.push({ original: p.original, roundTrip: p.roundTrip, ...s });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      console.error(`error  ${p.original} / ${p.roundTrip}: ${error}`);
      results.push({ original: p.original, roundTrip: p.roundTrip, error });
    }
  }
  return { pairs: results, mean: summariseRoundTrips(clips, notes), failed: pairs.length - clips.length };
}

async function run(args: readonly string[]): Promise<number> {
  let pairsFile: string | undefined, note = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--note') note = true;
    else if (a === '--pairs') {
      pairsFile = args[++i];
      if (pairsFile === undefined) throw new UsageError('--pairs needs a file');
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (pairsFile !== undefined) {
    if (files.length || note) throw new UsageError('--pairs takes no other file and no --note (set "note" per pair)');
    let text: string;
    try {
      text = await readFile(pairsFile, 'utf8');
    } catch (err) {
      throw new Error(`${pairsFile}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    const out = await compareBatch(readPairs(text, pairsFile));
    process.stdout.write(JSON.stringify({ format: 'undertone-compare', version: 1, ...out }, r6) + '\n');
    console.error(`compare: ${out.pairs.length - out.failed} pairs scored, ${out.failed} failed`);
    return out.failed > 0 ? 1 : 0;
  }
  if (files.length !== 2) throw new UsageError('give an original and its round trip (or --pairs pairs.json)');
  const s = await comparePair({ original: files[0], roundTrip: files[1], note });
  process.stdout.write(JSON.stringify(s, r6) + '\n');
  return 0;
}

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'what survived a codec round trip: chroma, melody, loudness, beats, f0',
  usage: USAGE,
  async run(args) {
    try {
      return await run(args);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(`undertone compare: ${err.message}\n\n${USAGE}`);
      return 2;
    }
  },
};
