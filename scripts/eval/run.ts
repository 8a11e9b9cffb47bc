/**
 * The loop both modes of `npm run eval` share (docs/evaluation.md): each case × seed is generated
 * by the engine's loop on onnxruntime-node (WASM variants, 1 thread, no video), decoded by the
 * pack's codec, its controls extracted back by the engine and scored against what the case drew.
 * Per-second features of every take feed the Fréchet distance against the reference WAVs.
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeAudioFileToMono } from '../../src/engine/audio/decode.node.ts';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { extractControls } from '../../src/engine/controls/extract.ts';
import { decodeTokens } from '../../src/engine/generate/audio.ts';
import { generate } from '../../src/engine/generate/generate.ts';
import { followLevel, intensityTarget } from '../../src/engine/generate/level-follow.ts';
import { moodDynamics } from '../../src/engine/generate/mood-dynamics.ts';
import type { ControlRate, Controls } from '../../src/engine/controls/types.ts';
import { codecHearing, type LevelSearch } from '../../src/engine/generate/level-search.ts';
import type { ModelSession } from '../../src/engine/generate/session.ts';
import type { CodecManifest } from '../../src/engine/pack/manifest.ts';
import type { CriticLanes } from '../../src/engine/generate/critic.ts';
import { adherence, askedChords, cutsOnBeat, frechetDistance, majminAccuracy, scoreControls, type Adherence, type CurveScores } from '../../src/engine/metrics/index.ts';
import { proposeMoodChords } from '../../src/engine/harmony/propose.ts';
import { loadMusicPack } from '../../src/engine/pack/load.ts';
import { folderReader, nodeSessionOpener } from '../../src/runtime/ort-node.ts';
import type { EvalCase } from './cases.ts';
import { FEATURE_NAMES, secondFeatures } from './features.ts';
import { JoinPool, takeJoins, type PooledJoins, type TakeJoins } from './joins.ts';
import { codecEncoder, latentSeconds, loadLatentTable, type CodecEncode } from './latents.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TINY_PACK_DIR = resolve(ROOT, 'test/fixtures/music/tiny-pack');
export const DEFAULT_REFERENCE = resolve(ROOT, 'test/fixtures/harmony');

/**
 * One take's scores: only the metrics its case asks for (a case that draws no melody has no
 * melody accuracy; null, not a number that means nothing).
 */
export interface Row {
  readonly case: string; readonly set: string; readonly group: string; readonly seed: number;
  readonly seconds: number; readonly rtf: number;
  readonly intensity: CurveScores | null; readonly valence: CurveScores | null; readonly arousal: CurveScores | null;
  readonly melodyAccuracy: number | null; readonly chordAccuracy: number | null;
  readonly beatF1: number | null; readonly downbeatF1: number | null; readonly cutsOnBeat: number | null;
  /** The take's windowed-continuation joins against its control points (joins.ts); null for a take in one window. */
  readonly joins: TakeJoins | null;
}

/** A case's first take, asked against heard lane by lane (metrics/adherence.ts): what the PNG plots draw. */
export interface PlottedTake {
  readonly case: string; readonly set: string; readonly seed: number;
  readonly adherence: Adherence;
}

export interface EvalRun {
  readonly pack: string;
  /** True for the tiny random pack: its numbers mean nothing. */
  readonly random: boolean;
  readonly machine: string;
  readonly date: string;
  readonly rows: Row[];
  readonly plotted: PlottedTake[];
  readonly frechet: { value: number; features: readonly string[]; generatedVectors: number; referenceVectors: number; reference: string[]; latents: LatentFrechet | null };
  /** Every take's joins and controls pooled; null when no take had a join. */
  readonly joins: PooledJoins | null;
}

/** The Fréchet distance over the codec's latents (latents.ts); null when the codec has no table. */
export interface LatentFrechet { readonly value: number; readonly codec: string; readonly dims: number; readonly explained: number; readonly generatedVectors: number; readonly referenceVectors: number }

/**
 * The codec's latents of music, per second (latents.ts), or null when the pack's codec has no table.
 * `encode`: the codec's encoder when the caller has opened it already (one session, not two).
 */
export async function latentFeatures(codecPack: string, hop: number, frameRate: number, encode?: CodecEncode) {
  const table = await loadLatentTable(codecPack);
  if (!table) return null;
  const enc = encode ?? await codecEncoder(resolve(ROOT, 'public/models'), codecPack, hop);
  const ofCodes = (e: { codes: BigInt64Array; frames: number }) => latentSeconds(e.codes, e.frames, table, frameRate);
  return {
    table,
    /** From codes the caller has already encoded. */
    ofCodes,
    of: async (samples: Float32Array) => ofCodes(await enc(samples)),
    frechet: (gen: number[][], ref: number[][]): LatentFrechet => ({
      value: frechetDistance(gen, ref), codec: table.codec, dims: table.dims, explained: table.explained, generatedVectors: gen.length, referenceVectors: ref.length,
    }),
  };
}

/** Sampling settings other than the pack's defaults (manifest.sampling), for a sweep: `npm run eval -- --guidance 5`. */
export interface EvalSampling {
  readonly guidanceScale?: number; readonly temperature?: number; readonly harmonyGuidance?: number;
  /** The lane critic's scale and lane weights (engine/generate/critic.ts); the pack's default when absent. */
  readonly critic?: number; readonly criticLanes?: CriticLanes;
  /** How much written music primes each next window (GenerationConfig.primeSeconds; default 10 s, at most half a window). */
  readonly primeSeconds?: number;
  /** The loop's level search (GenerationConfig.levelSearch); the pack's default when absent. */
  readonly levelSearch?: LevelSearch;
  /** A codec pack folder to decode with instead of the one the music pack names (same tokens, another decoder). */
  readonly codec?: string;
  /**
   * The lanes as the studio's Generate sends them with "Chords from the mood" (its default): the
   * harmony lane's open spans where valence is drawn filled by the planner (docs/harmony-planner.md).
   */
  readonly moodChords?: boolean;
  /**
   * "Loudness and tempo from the mood" (engine/generate/mood-dynamics.ts): the empty intensity and
   * rhythm lanes get curves from drawn arousal and valence, as Generate sends them by default.
   */
  readonly moodDynamics?: boolean;
  /** The studio's "Level follows the intensity lane" gain stage after the codec (engine/generate/level-follow.ts). */
  readonly levelFollow?: boolean;
}

/** What of EvalSampling the generation loop itself takes. */
export const samplingConfig = (s: EvalSampling = {}) => ({ guidanceScale: s.guidanceScale, temperature: s.temperature, harmonyGuidance: s.harmonyGuidance,
  critic: s.critic, criticLanes: s.criticLanes, primeSeconds: s.primeSeconds, levelSearch: s.levelSearch });

/** How the eval's generation hears candidates for the level search: the decoder the takes are decoded with. */
export const hearingOf = (pack: { codec: CodecManifest; decoder: ModelSession }, rate: ControlRate) => codecHearing(pack.codec, pack.decoder, rate);

/** The take as the studio makes it: with the level stage when asked (in place). */
export function finishTake(wav: Float32Array, controls: Controls, sampleRate: number, s: EvalSampling = {}): Float32Array {
  return s.levelFollow ? followLevel(wav, intensityTarget(controls), sampleRate) : wav;
}

/**
 * A case's lanes as Generate sends them with "Chords from the mood" (ui/actions/proposeChords.ts
 * planMoodChords): the open harmony spans under drawn valence planned, seeded by the case's name.
 */
export function withMoodChords(c: EvalCase): EvalCase['lanes'] {
  const p = proposeMoodChords(c.lanes.harmony, c.lanes, c.seconds, c.cuts, c.name);
  return p.added ? { ...c.lanes, harmony: { ...c.lanes.harmony, ...p.lane } } : c.lanes;
}

/** A case's lanes as the studio's Generate sends them with the stages asked (the mood's chords, then its loudness and tempo). */
export function studioLanes(c: EvalCase, s: EvalSampling = {}): EvalCase['lanes'] {
  const lanes = s.moodChords ? withMoodChords(c) : c.lanes;
  return s.moodDynamics ? moodDynamics(lanes, c.seconds).lanes : lanes;
}

/** The music pack as the eval opens it: one thread, WASM variants, the codec swapped when asked. */
export function openEvalPack(packDir: string, sampling: EvalSampling = {}) {
  const folder = basename(packDir);
  const paths: Record<string, string> = { [folder]: packDir };
  if (sampling.codec) paths[JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8')).codec.pack] = resolve(sampling.codec);
  return loadMusicPack(folderReader(resolve(ROOT, 'public/models'), paths), nodeSessionOpener(1), folder, 'wasm');
}

const criticLanesNote = (l: CriticLanes) => [l.level !== undefined ? `level ${l.level}` : '', l.melody !== undefined ? `melody ${l.melody}` : '',
  l.harmony !== undefined ? `harmony ${l.harmony}` : '', l.rhythm !== undefined ? `rhythm ${l.rhythm}` : '', l.levelHold ? `level hold ${l.levelHold} over ${l.levelHoldS ?? 1} s` : ''].filter(Boolean).join(', ');

/** The report's words for non-default sampling ('' for the pack's defaults): such a run is a sweep, not the protocol. */
export const samplingNote = (s: EvalSampling | undefined) => {
  const parts = [s?.guidanceScale !== undefined ? `guidance ${s.guidanceScale}` : '', s?.temperature !== undefined ? `temperature ${s.temperature}` : '',
    s?.harmonyGuidance !== undefined ? `harmony guidance ${s.harmonyGuidance}` : '', s?.codec ? `decoded with ${s.codec}` : '',
    s?.critic !== undefined || s?.criticLanes ? `lane critic ${s.critic ?? 'the pack\'s scale'}${s.criticLanes ? ` (${criticLanesNote(s.criticLanes)})` : ''}` : '',
    s?.primeSeconds !== undefined ? `windows primed with ${s.primeSeconds} s` : '',
    s?.levelSearch ? `level search ${s.levelSearch.candidates} candidates per ${s.levelSearch.chunkS ?? 0.5} s (heard over ${s.levelSearch.memoryS ?? 1} s${s.levelSearch.spread !== undefined ? `, spread ${s.levelSearch.spread}` : ''}${s.levelSearch.valence ? `, valence ${s.levelSearch.valence}` : ''}${s.levelSearch.melody ? `, melody ${s.levelSearch.melody}` : ''})` : ''].filter(Boolean);
  return parts.length ? ` Sampling not the pack's default: ${parts.join(', ')}.` : '';
};

/** The table's name for the run: the pack, and "studio path" when the studio's stages ran. */
export const runLabel = (pack: string, s: EvalSampling | null | undefined) => (s?.moodChords || s?.moodDynamics || s?.levelFollow ? `${pack}, studio path` : pack);

/**
 * The report's words for the studio's own stages (''  for the model alone): the same protocol, with
 * the lanes and the audio as the studio's Generate makes them by default.
 */
export const studioNote = (s: EvalSampling | undefined) => {
  const parts = [s?.moodChords ? 'chords from the mood (the planner\'s chords on the open harmony lane under drawn valence; where it planned some, the level search also hears the valence lane)' : '',
    s?.moodDynamics ? 'loudness and tempo from the mood (the empty intensity and rhythm lanes drawn from arousal and valence)' : '',
    s?.levelFollow ? 'the level stage riding each take towards the intensity lane' : ''].filter(Boolean);
  return parts.length ? ` The studio's path, not the model alone: ${parts.join(' and ')}, as the studio's Generate offers them (docs/evaluation.md "The studio's path").` : '';
};

export async function runCases(cases: readonly EvalCase[], seeds: readonly number[], packDir = TINY_PACK_DIR, refDir = DEFAULT_REFERENCE,
  progress?: (done: number, total: number, row: Row) => void, sampling: EvalSampling = {}): Promise<EvalRun> {
  const pack = await openEvalPack(packDir, sampling);
  const m = pack.manifest, rate = { sampleRate: m.tokens.sample_rate, frameRate: m.tokens.frame_rate };

  const rows: Row[] = [];
  const plotted: PlottedTake[] = [];
  const generated: number[][] = [];
  const latents = await latentFeatures(m.codec.pack, m.tokens.sample_rate / m.tokens.frame_rate, rate.frameRate);
  const genLatents: number[][] = [], refLatents: number[][] = [];
  const pool = new JoinPool();
  const config = samplingConfig(sampling);
  for (const c of cases) {
    const l = studioLanes(c, sampling);
    // chords planned from the mood: the search hears the valence too, as the studio's Generate asks it
    const moodSearch = l.harmony !== c.lanes.harmony;
    const controls = encodeLanes(l, c.seconds, rate);
    const frames = Math.ceil(c.seconds * rate.frameRate - 1e-9);
    for (const seed of seeds) {
      const g0 = performance.now();
      const g = await generate({ manifest: m, sessions: pack.sessions, critic: pack.critic, hearing: hearingOf(pack, rate), controls, video: null, start: 0, frames, config: { ...config, seed, moodSearch } });
      const rtf = c.seconds / ((performance.now() - g0) / 1000);
      const wav = finishTake((await decodeTokens(pack.codec, pack.decoder, g.codes, g.frames)).subarray(0, Math.round(c.seconds * rate.sampleRate)), controls, rate.sampleRate, sampling);
      const x = extractControls(wav, rate);
      generated.push(...secondFeatures(x));
      if (latents) genLatents.push(...await latents.of(wav));
      const s = scoreControls(controls, x.controls);
      const rhythm = l.rhythm.tempo.length > 0;
      const row: Row = {
        case: c.name, set: c.set, group: c.group, seed, seconds: c.seconds, rtf,
        intensity: l.intensity.points.length ? s.intensity : null,
        valence: l.valence.points.length ? s.valence : null,
        arousal: l.arousal.points.length ? s.arousal : null,
        melodyAccuracy: l.melody.notes.length ? s.melodyAccuracy : null,
        // the chords asked inside the take less the lane's free spans, as the studio's view scores them
        chordAccuracy: l.harmony.chords.length ? majminAccuracy(askedChords(l.harmony, 0, c.seconds), x.chords).accuracy : null,
        beatF1: rhythm ? s.beatF1 : null, downbeatF1: rhythm ? s.downbeatF1 : null,
        cutsOnBeat: c.cuts.length ? cutsOnBeat(c.cuts, x.beats.map((b) => b.t)).share : null,
        joins: takeJoins(wav, rate.sampleRate, rate.frameRate, g.joins, pool),
      };
      rows.push(row);
      if (seed === seeds[0]) plotted.push({ case: c.name, set: c.set, seed, adherence: adherence(l, 0, x) });
      progress?.(rows.length, cases.length * seeds.length, row);
    }
  }

  const reference: number[][] = [];
  const refFiles = (await readdir(refDir)).filter((f) => f.endsWith('.wav')).sort();
  for (const f of refFiles) {
    const audio = (await decodeAudioFileToMono(join(refDir, f), rate.sampleRate)).samples;
    reference.push(...secondFeatures(extractControls(audio, rate)));
    if (latents) refLatents.push(...await latents.of(audio));
  }
  const cpus = os.cpus();
  return {
    pack: m.name, random: resolve(packDir) === TINY_PACK_DIR, date: new Date().toISOString(),
    machine: `${cpus[0]?.model ?? 'cpu'} × ${cpus.length}, node ${process.version}, onnxruntime-node 1 thread, WASM variants`,
    rows, plotted,
    frechet: {
      value: frechetDistance(generated, reference), features: FEATURE_NAMES, generatedVectors: generated.length, referenceVectors: reference.length, reference: refFiles,
      latents: latents ? latents.frechet(genLatents, refLatents) : null,
    },
    joins: pool.result(),
  };
}

export const f2 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Number.isNaN(v) ? 'NaN' : v.toFixed(2));
export const curveCell = (c: CurveScores | null) => (c ? `${f2(c.pcc)} / ${f2(c.ccc)} / ${f2(c.rmse)}` : '—');
/** The report's sentence on the codec-latent Fréchet distance. */
export const latentSentence = (l: LatentFrechet | null) => (l
  ? `Fréchet distance over ${l.codec}'s latents (our own proxy, squared; per-second means on ${l.dims} principal directions, ${Math.round(100 * l.explained)} % of their variance): **${l.value.toFixed(3)}** (${l.generatedVectors} vectors against ${l.referenceVectors}).`
  : 'Fréchet distance over codec latents: not computed (no latent table for this codec: training/scripts/codec_latent_table.py).');

export const PAPER_AND_AIM = 'Paper Table 9 (created controls, their best): valence PCC 0.55, arousal 0.77, melody 41.2 %, intensity PCC 0.38, rhythm F1 42.2 %. '
  + 'Our aim: intensity PCC ≥ 0.9, beat F1 ≥ 0.8, melody ≥ 0.65, valence and arousal PCC ≥ 0.85.';
