/**
 * The generation loop, shaped like transformers.js's: config → forward (decoder.ts) → logits
 * processors (guidance, temperature, top-k) → seeded sampler → streamer → stop check. One loop for
 * the worker (onnxruntime-web) and the CLI and tests (onnxruntime-node): it sees only sessions.
 *
 * A clip longer than the pack's context window is written window by window (windowed
 * continuation): each next window starts `primeSeconds` before the end of what is written, runs
 * the encoders on its own slice of video and controls (positions restart at 0, as in training),
 * and is primed with those known frames — the delay pattern forces known slots and samples only
 * the unknown ones, so the joins continue the music instead of restarting it. When the pack has a
 * prefill graph, a window's fully known first steps (its primed frames, a prompt) run in one
 * prefill call instead of one step call each; the tokens are the same.
 */
import type { Controls } from '../controls/types.ts';
import type { MusicManifest } from '../pack/manifest.ts';
import { LaneCritic, type CriticLanes, type LaneCriticTables } from './critic.ts';
import { HeardMood, MOOD_SEARCH_VALENCE, checkLevelSearch, laneAsks, laneTempoCue, levelErrorSpread, meanLevelError, melodyMisses, type Heard, type Hearing, type LevelSearch } from './level-search.ts';
import { decodeBeats } from '../controls/rhythm-kernel.ts';
import { EMOTION } from '../controls/emotion.ts';
import { MusicDecoder, type DecoderState, type MusicSessions } from './decoder.ts';
import { DelayPattern } from './delay.ts';
import { conditionFeeds, videoFeeds, type EnsembleChoice, type VideoDescriptors } from './inputs.ts';
import { applyProcessors, classifierFreeGuidance, temperature, topK, type LogitsProcessor } from './processors.ts';
import { sampleCodebooks, seededRandom, type Random } from './sampler.ts';
import { abortCriterion, allStepsWritten, firstStop, type StopReason, type StoppingCriterion } from './stopping.ts';
import { FrameStreamer, type FramesCallback } from './streamer.ts';

export interface GenerationConfig {
  readonly seed: number;
  /** Defaults: the manifest's `sampling`. */
  readonly guidanceScale?: number;
  readonly temperature?: number;
  readonly topK?: number;
  /**
   * Lane guidance (default: the manifest's `sampling.harmony_guidance`, else 0: off): a third batch
   * row without the harmony lane, and + w · (cond − that row) on top of classifier-free guidance —
   * what the chords asked add, pushed further. No row is added where the window asks no chord.
   */
  readonly harmonyGuidance?: number;
  /** How much written music primes the next window (default 10 s, at most half a window). */
  readonly primeSeconds?: number;
  /**
   * Lane critic scale (default: the manifest's `sampling.critic_scale`, else 0: off): each
   * candidate code gets + scale · log p(lanes | the latent it leads to), read by the codec's
   * critic (critic.ts). Needs `GenerateRequest.critic`.
   */
  readonly critic?: number;
  /** Per-lane weights of the critic (level, melody, harmony) and its level hold; what is not set here comes from the manifest's `sampling.critic_lanes`, else 1 each (hold 0). */
  readonly criticLanes?: CriticLanes;
  /**
   * Level search (level-search.ts; default: the manifest's `sampling.level_search`, else off): each
   * chunk written by several candidates, the one whose decoded level is nearest the intensity lane
   * kept. Needs `GenerateRequest.hearing`; skipped where the lane is free.
   */
  readonly levelSearch?: LevelSearch;
  /**
   * The harmony lane's chords were planned from the drawn mood (the studio's "Chords from the mood"):
   * the level search, the config's or the pack's, then also hears the valence lane (weight
   * `MOOD_SEARCH_VALENCE`, where it does not set its own). Only then: on chords a person or a clip
   * gave, matching the valence's level costs the intensity lane more than it gives (docs/evaluation.md
   * "listening for the mood").
   */
  readonly moodSearch?: boolean;
}

export interface GenerateRequest {
  readonly manifest: MusicManifest;
  readonly sessions: MusicSessions;
  /** The lanes encoded at the pack's rate (controls/encode.ts), over the whole project. */
  readonly controls: Controls;
  /** Descriptors over the whole video, or null: the video condition is dropped. */
  readonly video: VideoDescriptors | null;
  readonly ensemble?: EnsembleChoice;
  /** First frame and number of frames to write (at the pack's frame rate). */
  readonly start: number;
  readonly frames: number;
  readonly config: GenerationConfig;
  readonly signal?: AbortSignal;
  /** Complete frames as they become known (frame numbers relative to `start`). */
  readonly onFrames?: FramesCallback;
  /** Frames per onFrames call, at least (default 1). */
  readonly chunkFrames?: number;
  readonly stoppingCriteria?: readonly StoppingCriterion[];
  /** The take's codes (K × frames) just before `start`, to continue from (regenerating a section). */
  readonly prompt?: { readonly codes: Int32Array; readonly frames: number };
  /** The codec pack's lane critic (LoadedMusicPack.critic), when it has one. */
  readonly critic?: LaneCriticTables;
  /** How the loop hears candidate codes (level-search.ts codecHearing), for the level search. */
  readonly hearing?: Hearing;
}

export interface Generation {
  /** K × frames, codebook-major: every frame whose codebooks are all written. */
  readonly codes: Int32Array;
  readonly frames: number;
  readonly reason: StopReason;
  /** Step-graph runs, priming included where the pack has no prefill graph. */
  readonly steps: number;
  /** Steps the prefill graph ran instead (a window's known first steps, in one run per window). */
  readonly prefilled: number;
  /** The level search: chunks whose candidates were compared, and the step-graph runs they took (every candidate's, the kept one's included). */
  readonly search: { readonly chunks: number; readonly steps: number };
  /**
   * Where windowed continuation joined (relative to `start`): each later window's first new frame,
   * the first one it sampled after its primed frames. Empty for a clip written in one window.
   */
  readonly joins: readonly number[];
  /**
   * Where the KV cache lay after each step or prefill run: `onCpu` runs brought it (or its new
   * entries) back to CPU memory, `onDevice` runs left it on the GPU (a step returning its presents,
   * held as the runtime's tensors: decoder.ts).
   */
  readonly cache: { readonly onCpu: number; readonly onDevice: number };
}

/** The processors a config asks for, in transformers.js's order. */
export function processorsFor(m: MusicManifest, c: GenerationConfig, laneGuidance = 0): LogitsProcessor[] {
  return [classifierFreeGuidance(c.guidanceScale ?? m.sampling.guidance_scale, laneGuidance), temperature(c.temperature ?? m.sampling.temperature),
    topK(c.topK ?? m.sampling.top_k)];
}

/** The harmony guidance a window gets: the config's (or the pack's) where the window asks chords, else 0. */
export function harmonyGuidanceFor(m: MusicManifest, r: GenerateRequest, first: number, frames: number): number {
  const w = r.config.harmonyGuidance ?? m.sampling.harmony_guidance ?? 0;
  if (!(w > 0)) return 0;
  const h = r.controls.harmony, D = h.dim;
  for (let t = Math.max(0, first); t < Math.min(r.controls.frames, first + frames); t++) if (h.mask[t * D] > 0) return w;
  return 0;
}

/** The critic scale a request gets: the config's, else the pack's default where the codec has a critic. */
export function criticScaleFor(m: MusicManifest, r: GenerateRequest): number {
  const w = r.config.critic ?? (r.critic ? m.sampling.critic_scale ?? 0 : 0);
  if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`critic scale must be ≥ 0, got ${w}`);
  if (w > 0 && !r.critic) throw new Error(`the critic was asked (scale ${w}) but codec pack ${m.codec.pack} has no lane critic`);
  return w;
}

/** The level search a request gets, or null: the config's, else the pack's, where there is something to hear it with. */
export function levelSearchFor(m: MusicManifest, r: GenerateRequest): LevelSearch | null {
  const p = m.sampling.level_search;
  const own = r.config.levelSearch ?? (p && { candidates: p.candidates, chunkS: p.chunk_s, memoryS: p.memory_s, ...(p.melody === undefined ? {} : { melody: p.melody }) });
  const s = own && r.config.moodSearch && own.valence === undefined ? { ...own, valence: MOOD_SEARCH_VALENCE } : own;
  checkLevelSearch(s);
  if (!s || s.candidates < 2) return null;
  if (!r.hearing) {
    if (r.config.levelSearch) throw new Error('the level search was asked but the request has no hearing (level-search.ts codecHearing)');
    return null; // the pack's default, where the caller cannot decode: written without it
  }
  return s;
}

export function patternOf(m: MusicManifest): DelayPattern {
  return new DelayPattern(m.tokens.codebooks, m.tokens.codebook_size, m.tokens.delays);
}

interface Window {
  readonly first: number;   // first frame of the window, relative to the request's start
  readonly frames: number;  // frames in the window
  readonly known: Int32Array; // K × knownFrames: the prompt
  readonly knownFrames: number;
}

interface WindowResult {
  readonly seq: Int32Array;
  /** Steps written (prefilled ones included). */
  readonly done: number;
  /** Of those, steps the prefill graph ran. */
  readonly prefilled: number;
  readonly reason: StopReason | null;
  readonly search: Generation['search'];
  readonly cache: Generation['cache'];
}

/** The manifest's `sampling.critic_lanes` as the critic takes them (its hold in the critic's own names). */
export function manifestCriticLanes(m: MusicManifest): CriticLanes {
  const l = m.sampling.critic_lanes;
  if (!l) return {};
  const { level_hold: levelHold, level_hold_s: levelHoldS, ...weights } = l;
  return { ...weights, ...(levelHold === undefined ? {} : { levelHold }), ...(levelHoldS === undefined ? {} : { levelHoldS }) };
}

/** One window: returns its sequence (K × steps) and how many steps were written. */
async function runWindow(r: GenerateRequest, w: Window, pattern: DelayPattern, random: Random,
  criteria: readonly StoppingCriterion[]): Promise<WindowResult> {
  const m = r.manifest, T = w.frames;
  const lane = harmonyGuidanceFor(m, r, r.start + w.first, T);
  const processors = processorsFor(m, r.config, lane);
  const decoder = await MusicDecoder.open(m, r.sessions, videoFeeds(m, r.video, r.start + w.first, T, lane > 0 ? 3 : 2),
    conditionFeeds(m, r.controls, r.ensemble ?? 'auto', r.start + w.first, T, lane > 0 ? ['harmony'] : undefined), T);
  const scale = criticScaleFor(m, r);
  const critic = scale > 0 ? new LaneCritic(r.critic!, r.controls, r.start + w.first, T, scale, { ...manifestCriticLanes(m), ...r.config.criticLanes }) : null;
  try {
    return { ...await writeWindow(r, w, pattern, processors, random, criteria, decoder, critic), cache: decoder.cacheRuns };
  } finally {
    decoder.dispose(); // the cache's GPU memory, also when a step failed (a lost device)
  }
}

async function writeWindow(r: GenerateRequest, w: Window, pattern: DelayPattern, processors: readonly LogitsProcessor[], random: Random,
  criteria: readonly StoppingCriterion[], decoder: MusicDecoder, critic: LaneCritic | null): Promise<Omit<WindowResult, 'cache'>> {
  const searched = { chunks: 0, steps: 0 };
  const K = pattern.codebooks, T = w.frames, S = pattern.steps(T);
  const streamer = new FrameStreamer(pattern, T, (codes, first) => r.onFrames?.(codes, first), r.chunkFrames ?? 1, w.knownFrames, w.first);
  const seq = new Int32Array(K * S).fill(pattern.special);
  const prev = new Int32Array(K).fill(pattern.special);
  // slot (k, s) of a step whose frame is known, or special where it holds no frame
  const put = (k: number, s: number, token: (k: number) => number) => {
    const t = pattern.frameAt(k, s);
    const v = !pattern.valid(k, s, T) ? pattern.special : t < w.knownFrames ? w.known[k * w.knownFrames + t] : token(k);
    seq[k * S + s] = v;
    prev[k] = v;
    if (critic && v !== pattern.special) critic.add(k, t, v);
  };
  // steps 0..knownFrames − 1 hold only known frames (step s's slot k holds frame s − delay_k ≤ s):
  // one prefill run computes their cache; their logits sample nothing
  const P = decoder.canPrefill && w.knownFrames >= 2 && w.knownFrames <= S ? w.knownFrames : 0;
  if (P) {
    const reason = firstStop(criteria, { steps: 0, total: S });
    if (reason) { streamer.end(0, seq, S); return { seq, done: 0, prefilled: 0, reason: reason === 'done' ? null : reason, search: searched }; }
    const inputs = new Int32Array(K * P).fill(pattern.special); // step s is fed step s − 1's tokens
    for (let s = 0; s < P; s++) {
      for (let k = 0; k < K; k++) {
        put(k, s, () => { throw new Error(`step ${s} of a prefill holds an unknown frame`); });
        if (s + 1 < P) inputs[k * P + s + 1] = prev[k];
      }
    }
    await decoder.prefill(inputs, P);
    for (let s = 0; s < P; s++) streamer.put(s, seq, S);
  }
  const search = levelSearchFor(r.manifest, r);
  const hearing = r.hearing!;
  const rate = r.controls.rate.frameRate;
  const chunk = search ? Math.max(1, Math.round((search.chunkS ?? 0.5) * rate)) : 0;
  const memory = search ? Math.max(chunk, Math.round((search.memoryS ?? 1) * rate)) : 0;
  /** Step s: sampled (where it holds a frame not known) and put; no streaming. */
  const step = async (s: number) => {
    const scores = await decoder.step(prev);
    // a step whose every slot is known (the prompt) only fills the cache: nothing to sample
    const free = Array.from({ length: K }, (_, k) => pattern.valid(k, s, T) && pattern.frameAt(k, s) >= w.knownFrames);
    let drawn: Int32Array | null = null;
    if (free.some(Boolean)) {
      const processed = applyProcessors(scores, processors);
      // the critic scores only the candidates top-k left in play, each against its own frame's lanes
      if (critic) for (let k = 0; k < K; k++) if (free[k]) critic.bias(processed.data.subarray(k * processed.card, (k + 1) * processed.card), k, pattern.frameAt(k, s));
      drawn = sampleCodebooks(processed, random);
    }
    for (let k = 0; k < K; k++) put(k, s, (k) => drawn![k]);
  };
  const valenceWeight = search?.valence ?? 0, melodyWeight = search?.melody ?? 0, emo = r.controls.emotion;
  const mood = valenceWeight > 0 ? new HeardMood(T) : null;
  const laneBeats = mood ? decodeBeats(r.controls.rhythm.values, rate, r.controls.rhythm.mask).map((b) => b.t) : [];
  // the valence scored is the frame whose key window a chunk closes: half a key window back
  const keyHalf = Math.round((EMOTION.keyWindowS * rate) / 2);
  /** Window frame `at`'s asked valence, or null where the lane is free there. */
  const askedValence = (at: number) => { const f = r.start + w.first + at; return f >= 0 && f < r.controls.frames && emo.mask[f * 2] > 0 ? emo.values[f * 2] : null; };
  /**
   * How what steps up to `end` wrote is heard against the lanes (level-search.ts): the distance d over
   * the last `memory` frames measured, with what was heard of them.
   */
  const distance = async (end: number): Promise<{ d: number; heard: Heard | null; lo: number }> => {
    const hi = Math.min(T, end - pattern.maxDelay) - hearing.edge, lo = Math.max(0, hi - memory), from = Math.max(0, lo - hearing.context);
    if (hi <= lo) return { d: 0, heard: null, lo };
    const n = hi + hearing.edge - from, codes = new Int32Array(K * n);
    for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) codes[k * n + i] = seq[k * S + from + i + pattern.delays[k]];
    const at = r.start + w.first + lo, vAt = Math.max(0, hi - keyHalf), v = mood ? askedValence(vAt) : null;
    const h = v !== null || melodyWeight > 0 ? await hearing.features(codes, n, lo - from, hi - lo) : null;
    const heard = h ? h.level : await hearing.levels(codes, n, lo - from, hi - lo);
    let d = meanLevelError(heard, r.controls, at) ** 2 + spread * levelErrorSpread(heard, r.controls, at);
    if (h && melodyWeight > 0) d += melodyWeight * melodyMisses(h, r.controls, at);
    if (h && v !== null) d += valenceWeight * (mood!.valenceAt(vAt, h, lo, laneTempoCue(laneBeats, r.start + w.first + vAt, rate), rate) - v) ** 2;
    return { d, heard: h, lo };
  };
  // a saved state (the decoder's is saved apart: it may be absent, and then nothing is searched)
  const saveRest = () => ({ critic: critic?.save(), seq: seq.slice(), prev: prev.slice() });
  const load = (st: { decoder: DecoderState } & ReturnType<typeof saveRest>) => {
    decoder.load(st.decoder);
    if (st.critic) critic!.load(st.critic);
    seq.set(st.seq);
    prev.set(st.prev);
  };
  const spread = search?.spread ?? 1;
  for (let s = P; ;) {
    // checked before every step: an abort costs at most the step already running; 'done' once all S are written
    const reason = firstStop(criteria, { steps: s, total: S });
    if (reason) { streamer.end(s, seq, S); return { seq, done: s, prefilled: P, reason: reason === 'done' ? null : reason, search: searched }; }
    const end = Math.min(S, s + chunk);
    // the frames this chunk completes: a search only where the lane asks a level of them
    const asks = search !== null && (laneAsks(r.controls, r.start + w.first + s - pattern.maxDelay, r.start + w.first + end - pattern.maxDelay)
      || (mood !== null && askedValence(Math.max(0, Math.min(T, end - pattern.maxDelay) - hearing.edge - keyHalf)) !== null));
    const from = asks ? await decoder.save() : null;
    if (!search || !from) {
      await step(s);
      streamer.put(s, seq, S);
      s++;
      continue;
    }
    const start = { decoder: from, ...saveRest() };
    let best: { d: number; heard: Heard | null; lo: number; state: typeof start | null } | null = null;
    for (let c = 0; c < search.candidates; c++) {
      if (c > 0) load(start);
      for (let t = s; t < end; t++) {
        const stop = firstStop(criteria, { steps: t, total: S });
        if (stop) { streamer.end(t, seq, S); return { seq, done: t, prefilled: P, reason: stop === 'done' ? null : stop, search: searched }; }
        await step(t);
        searched.steps++;
      }
      const { d, heard, lo } = await distance(end);
      // the last candidate's state is the loop's own: it is saved only when an earlier one must be restored
      if (!best || d < best.d) best = { d, heard, lo, state: c < search.candidates - 1 ? { decoder: (await decoder.save())!, ...saveRest() } : null };
    }
    if (best!.state) load(best!.state);
    if (mood && best!.heard) mood.keep(best!.heard, best!.lo);
    for (let t = s; t < end; t++) streamer.put(t, seq, S);
    searched.chunks++;
    s = end;
  }
}

export async function generate(req: GenerateRequest): Promise<Generation> {
  const m = req.manifest, pattern = patternOf(m), K = pattern.codebooks;
  if (!(Number.isInteger(req.frames) && req.frames > 0)) throw new Error(`frames must be a positive integer, got ${req.frames}`);
  // a prompt is the take's frames just before `start`: they are known, so the clip runs from the
  // prompt's first frame and the loop continues them (regenerating a section of a take)
  const P0 = req.prompt?.frames ?? 0;
  if (req.prompt && (req.prompt.codes.length !== K * P0 || P0 > req.start)) {
    throw new Error(`prompt must be ${K} × frames codes lying before frame ${req.start}`);
  }
  const r: GenerateRequest = { ...req, start: req.start - P0, frames: P0 + req.frames,
    onFrames: req.onFrames && ((codes, first) => req.onFrames!(codes, first - P0)) };
  const N = r.frames;
  // a bad setting (harmony guidance included) fails here, before any window
  processorsFor(m, r.config, r.config.harmonyGuidance ?? m.sampling.harmony_guidance ?? 0);
  criticScaleFor(m, r);
  levelSearchFor(m, r);
  const random = seededRandom(r.config.seed);
  const criteria = [abortCriterion(r.signal), ...(r.stoppingCriteria ?? []), allStepsWritten];
  const perWindow = m.model.context_steps - pattern.maxDelay;
  const prime = Math.min(Math.floor(perWindow / 2), Math.round((r.config.primeSeconds ?? 10) * m.tokens.frame_rate));
  const codes = new Int32Array(K * N);
  for (let k = 0; k < K; k++) codes.set(req.prompt?.codes.subarray(k * P0, (k + 1) * P0) ?? [], k * N);
  let written = P0, steps = 0, prefilled = 0;
  const search = { chunks: 0, steps: 0 };
  const cache = { onCpu: 0, onDevice: 0 };
  const joins: number[] = [];
  // a window starts on a video frame (every 5th music frame at 50 / 10 Hz), so its video slice is exact
  const perVideo = Number.isInteger(m.tokens.frame_rate / m.video.fps) ? m.tokens.frame_rate / m.video.fps : 1;
  while (written < N) {
    const first = written === 0 ? 0 : Math.max(0, Math.floor((written - prime) / perVideo) * perVideo);
    const knownFrames = written - first;
    const known = new Int32Array(K * knownFrames);
    for (let k = 0; k < K; k++) known.set(codes.subarray(k * N + first, k * N + written), k * knownFrames);
    const frames = Math.min(perWindow, N - first);
    const w = await runWindow(r, { first, frames, known, knownFrames }, pattern, random, criteria);
    steps += w.done - w.prefilled;
    prefilled += w.prefilled;
    search.chunks += w.search.chunks;
    search.steps += w.search.steps;
    cache.onCpu += w.cache.onCpu;
    cache.onDevice += w.cache.onDevice;
    const complete = Math.max(knownFrames, Math.min(frames, w.done - pattern.maxDelay));
    const S = pattern.steps(frames);
    for (let k = 0; k < K; k++) {
      const at = k * S + pattern.delays[k];
      codes.set(w.seq.subarray(at + knownFrames, at + complete), k * N + first + knownFrames);
    }
    // a later window joins where its new frames begin (the first window's start is the prompt's end, not a join)
    if (written > P0 && first + complete > written) joins.push(written - P0);
    written = first + complete;
    if (w.reason && w.reason !== 'done') return { codes: slice(codes, K, N, P0, written), frames: written - P0, reason: w.reason, steps, prefilled, search, joins, cache };
  }
  return { codes: slice(codes, K, N, P0, N), frames: N - P0, reason: 'done', steps, prefilled, search, joins, cache };
}

/** Frames [a, b) of K × N codes. */
function slice(codes: Int32Array, K: number, N: number, a: number, b: number): Int32Array {
  if (a === 0 && b === N) return codes;
  const out = new Int32Array(K * (b - a));
  for (let k = 0; k < K; k++) out.set(codes.subarray(k * N + a, k * N + b), k * (b - a));
  return out;
}
