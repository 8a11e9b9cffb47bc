/**
 * Held-out pitch fixtures (scripts/make-pitch-fixtures.ts) through a codec pack, scored by the
 * engine's round-trip metrics. The spec (pitch.test.ts) asserts on this report and
 * scripts/codec-pitch-report.ts prints it, so both give the same numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  noteScores, roundTripScores, summariseRoundTrips, type NoteScores, type RoundTripScores, type RoundTripSummary,
} from '../../src/engine/metrics/index.ts';
import { fixtureAudio, loadFixtures } from './pitch-fixtures.ts';
import { decodeCodes } from '../../src/engine/codec/decoder.ts';
import { validateCodecManifest } from '../../src/engine/pack/validate.ts';
import { nodeSessionOpener } from '../../src/runtime/ort-node.ts';

/**
 * What a pack must reach on the fixtures (issue 8); each is a minimum of PitchReport.summary. Beats
 * are judged on random phrases instead (BEAT_BAR): the three phrases here cannot tell a codec's
 * loss from the tracker's doubt (the bar was beat F1 ≥ 0.9 here until session 27; see BEAT_BAR).
 */
export const BARS = { noteAccuracy: 0.95, chromaCosine: 0.9, melodyRatio: 0.9, intensityPcc: 0.95 } as const;

/**
 * The bars the shipped pack does not meet yet: pitch.test.ts expects them to fail, so the spec
 * turns red the day a pack meets one — then it leaves this list. Empty since session 27.
 */
export const OPEN_BARS: readonly (keyof typeof BARS)[] = [];

/**
 * Issue 8's "beats must stay where they are", judged where it can be (beats.test.ts): 96 random
 * 4 s phrases with their written beats (test/codec/random-phrases.ts: seed 7, TimGM6mb, held out),
 * each through the codec; the engine's beats are scored against the written ones (F1, ±70 ms) before
 * and after, and the mean loss (`cost`) must stay under `maxCost`. Why not beat F1 ≥ 0.9 on the
 * three fixtures: on 4 s phrases the engine's tracker flips tempo octave or phase on near-ties, so a
 * 5 ms delay alone reads 0.91 against the undelayed beats on random phrases and a −3 dB gain 0.95 on
 * the fixtures, and codec-v1 (whose beats the issue says to keep) reads 0.86 on random phrases.
 * Measured on this set (2-core EPYC, session 27; ± the standard error over phrases; the range over six
 * renders that differ only by sox's ±8 LSB dither, before renders were made repeatable): codec-v4 costs
 * 0.024 (0.014-0.033, ± 0.022), codec-v1 0.000 (−0.011-0.008), codec-v3l 0.010 on one render, a 5 ms
 * delay −0.020, and a wet hall (Schroeder, RT60 2 s) 0.114 ± 0.026: the bar lies between what the
 * faithful round trips cost and what smeared onsets cost. On 96 phrases of 10 s codec-v4 costs
 * 0.003 ± 0.024 (codec-v1 0.039), and on the held-out clips × 10 s its beats match the original's at
 * F1 1.00, as codec-v1's did.
 */
export const BEAT_BAR = { phrases: 96, seed: 7, maxCost: 0.05 } as const;

/**
 * What the shipped pack must keep meanwhile: no pack replaces it while it falls below these.
 * codec-v2's magnitude decoder (session 9) measured notes 0.50, chroma 0.93, melody ratio 0.99,
 * intensity PCC 0.81, beat F1 0.81 here; the phase-advance decoder it replaced (session 5) 0.32 /
 * 0.91 / 1.04 / 0.89 / 0.87, codec-v1 0.05 / 0.33 / 0.14 / 0.97 / 0.95. The new decoder was shipped
 * with lower loudness and beat readings on these three 4 s phrases (one phrase's last 0.8 s decodes
 * 5 dB loud; on soft flute-over-strings onsets the tracker finds fewer beats) because on the 16
 * held-out clips × 10 s it is level or better on every reading, intensity included (0.85 vs 0.84),
 * and the music model's takes through it follow chords 53 % vs 41 % (training/reports/codec.md,
 * session 9).
 * codec-v3l (shipped 2026-12-02 with music-v5, the app's decoder since) measures notes 0.86 (median
 * 4 cents; piano and finger-bass C2 and reed-organ C3 are the misses), chroma 0.97, melody ratio 0.99,
 * intensity PCC 0.99 (the loudness bar met) and beat F1 0.69: lower than codec-v2's 0.81 on these three
 * soft phrases (the flute-over-strings onsets; training/reports/codec.md "Session 15"), while on the 16
 * held-out clips × 10 s its beat F1 is 0.999 and the music model's takes through it keep beat F1 92 %
 * (training/reports/model.md "Session 22"). The floors below are its readings, less a margin for another
 * CPU's int8 rounding.
 * Session 24 changed only its encoder's search (the 30-400 Hz bins counted twice when a code is chosen;
 * same codebooks and decoder, so every token decodes as before): notes 0.95 (21 of 22; finger-bass C2
 * misses at 141 cents, piano C2 passes at 42), chroma 0.956, melody ratio 1.00, intensity PCC 0.99, beat
 * F1 0.80 (the flute phrase 0.4, the other two 1.0). The note bar is met on these 22 notes; on 148 notes
 * of each bank over every register (make-pitch-fixtures PITCH_SET=wide) it reads 0.92 (FluidR3) and 0.85
 * (TimGM6mb), with the latents unquantised 0.91 and 0.86: the codec's latent, not its search, is what
 * loses the lowest notes (training/reports/codec.md "Session 24").
 * codec-v4 (shipped 2026-12-02 with music-v8: the encoder refitted to keep the bass, the decoder
 * carried over from codec-v3's; training/reports/codec.md "Session 25") measures notes 1.00 (22 of 22,
 * median 6 cents), chroma 0.938, melody ratio 0.96, intensity PCC 0.98 and beat F1 0.65 (flute over
 * strings 0.25, trumpet over piano 0.71, violin over guitar 1.0). Lower than codec-v3l on these three
 * phrases' chroma and beats, and shipped anyway, as codec-v2's decoder was: on the 16 held-out clips ×
 * 10 s it is level or better on every reading (chroma 0.873 vs 0.867, beat F1 1.00, downbeat 0.87 vs
 * 0.85), on 96 random 4 s phrases with written beats its round trips keep the beats as codec-v3l's do
 * (0.85 / 0.86 vs 0.84 / 0.87), on 148 notes per bank over every register it keeps 0.92 / 0.93 (codec-v3l
 * 0.92 / 0.85), and music-v8's takes through it follow the held-out clips' lanes better than music-v5's
 * through codec-v3l (chords 77.5 vs 72.1 %, downbeat F1 82.3 vs 64.1 %, intensity PCC 0.86 vs 0.82;
 * training/reports/model.md "Session 26"). The floors below are its readings, less a margin for another
 * CPU's int8 rounding.
 * codec-specific: re-measure when the shipped codec changes.
 */
export const FLOORS = { noteAccuracy: 0.95, chromaCosine: 0.93, melodyRatio: 0.95, intensityPcc: 0.97, beatF1: 0.6 } as const;

/** The bars a summary misses, as readable lines; [] when it passes all. */
export function missedBars(s: RoundTripSummary): string[] {
  return (Object.keys(BARS) as (keyof typeof BARS)[]).filter((k) => !((s[k] ?? -Infinity) >= BARS[k])).map((k) => `${k} ${s[k]?.toFixed(4)} < ${BARS[k]}`);
}

interface Manifest { sample_rate: number; hop: number; codebooks: number; files: Record<string, { file: string }> }

export interface Codec { readonly sampleRate: number; roundTrip(x: Float32Array): Promise<Float32Array> }

/**
 * encode → decode with the pack's encoder and its int8 decoder (what the browser's WASM backend
 * runs). Input is zero-padded to whole frames (the encoder's contract); output is cut back.
 */
export async function loadCodec(packDir: string): Promise<Codec> {
  const json = JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8')) as Manifest;
  const m = validateCodecManifest(json);
  const encoder = await ort.InferenceSession.create(join(packDir, json.files.encoder.file));
  const file = (json.files.decoder_int8 ?? json.files.decoder).file;
  const decoder = await nodeSessionOpener(2)(new Uint8Array(readFileSync(join(packDir, file))), file);
  return {
    sampleRate: m.sample_rate,
    async roundTrip(x) {
      const frames = Math.ceil(x.length / m.hop);
      const wav = new Float32Array(frames * m.hop);
      wav.set(x);
      const { codes } = await encoder.run({ wav: new ort.Tensor('float32', wav, [1, 1, wav.length]) });
      // decoded as the app decodes (the engine's codec decoder: graph + its synthesis)
      const y = await decodeCodes(m, decoder, Int32Array.from(codes.data as BigInt64Array, Number), frames);
      return y.slice(0, x.length);
    },
  };
}

export type NoteResult = NoteScores & { file: string; pitch: number };
export type PhraseResult = RoundTripScores & { file: string };

export interface PitchReport {
  pack: string;
  notes: NoteResult[];
  phrases: PhraseResult[];
  /** Notes scored by f0 only, phrases by the clip scores. */
  summary: RoundTripSummary;
}

/** `pack` only labels the report; pass loadCodec(dir) or any other round trip. */
export async function pitchReport(codec: Codec, pack: string): Promise<PitchReport> {
  const fx = loadFixtures();
  if (codec.sampleRate !== fx.sampleRate) throw new Error(`pack runs at ${codec.sampleRate} Hz, fixtures are ${fx.sampleRate} Hz`);
  const notes: NoteResult[] = [];
  for (const n of fx.notes) {
    const x = fixtureAudio(n.file);
    notes.push({ file: n.file, pitch: n.pitch, ...noteScores(x, await codec.roundTrip(x), fx.sampleRate) });
  }
  const phrases: PhraseResult[] = [];
  for (const p of fx.phrases) {
    const x = fixtureAudio(p.file);
    phrases.push({ file: p.file, ...roundTripScores(x, await codec.roundTrip(x), fx.sampleRate, p.melody) });
  }
  return { pack, notes, phrases, summary: summariseRoundTrips(phrases, notes) };
}
