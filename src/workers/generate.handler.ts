/**
 * The generation worker's functions, plain enough for tests to call in Node (onnxruntime-node)
 * without a worker: the page's side of the engine's loop (src/engine/generate). `load` reads,
 * verifies and opens a music pack and its codec for WebGPU or WASM; `generate` encodes the lanes
 * it is given (as they were when the person pressed Generate), runs the loop, and streams the
 * codec's audio back chunk by chunk while the model writes. Between steps it yields to the event
 * loop so a cancel arrives within a step; a cancelled take keeps what was written. When WebGPU
 * fails while writing, the take goes on on WASM from the last frame. Given a prompt (the take's
 * codes before a section), it writes that section as the take's continuation.
 */
import { CodecStream, decodeCodes } from '../engine/codec/decoder.ts';
import { STUDIO_SEARCH, codecHearing } from '../engine/generate/level-search.ts';
import { encodeLanes } from '../engine/controls/encode.ts';
import { LevelFollower, hasTarget, intensityTarget } from '../engine/generate/level-follow.ts';
import { withoutEmptyPast } from '../engine/generate/empty-past.ts';
import { generate } from '../engine/generate/generate.ts';
import type { ModelSession, OpenSession } from '../engine/generate/session.ts';
import { codecDecoderFile, musicGraphFile, packGraphs, PackFileError } from '../engine/pack/files.ts';
import { loadMusicPack, type LoadedMusicPack, type ReadPackFile } from '../engine/pack/load.ts';
import type { Backend, CodecManifest, MusicManifest } from '../engine/pack/manifest.ts';
import { packOffer } from '../engine/pack/offer.ts';
import { readManifest } from '../engine/pack/registry.ts';
import { PackFormatError } from '../engine/pack/validate.ts';
import { nextChunk, type StreamPace } from '../engine/playback/stream-start.ts';
import { createProject } from '../engine/project/create.ts';
import { secondsLeft } from '../engine/time-left.ts';
import { NotCachedError, type FileProgress } from '../runtime/fetch-pack.ts';
import type { Call } from './protocol.ts';
import type { GenerateInput, GenerateProgress, GenerateSummary, LoadInput, LoadProgress, PackInfo } from './generate.protocol.ts';

/** What the host supplies: the browser's (generate.worker.ts) or Node's (tests). */
export interface GenerateHost {
  /**
   * Reads pack files under `baseUrl`, reporting bytes per file; `cachedOnly`: only files this device
   * keeps, else a NotCachedError (fetch-pack.ts), nothing downloaded.
   */
  reader(baseUrl: string, onFile: (p: FileProgress) => void, signal: AbortSignal, cachedOnly: boolean): ReadPackFile;
  opener(backend: Backend): OpenSession;
  /** null when a WebGPU adapter exists, else why not ("no WebGPU adapter in this browser"). */
  webgpuMissing(): Promise<string | null>;
  /** Lets queued messages (a cancel) run: a macrotask. */
  yieldToEvents(): Promise<void>;
}

/**
 * Frames per streamed chunk, at most: 1 s at 50 Hz. Each decode re-reads the codec's context on
 * both sides (27 + 27 frames with codec-v2), so 0.5 s chunks spent 38 % of the time decoding in the
 * page, 1 s chunks less.
 */
export const CHUNK_FRAMES = 50;
/**
 * The first chunk's audio (frames): small, so the first audio needs only these and the codec's
 * right-hand context written (12 + 27 frames: 0.24 s of audio after 42 steps); the chunks after it
 * grow by a quarter up to CHUNK_FRAMES (`nextChunk`: 15, 19, 24, 30, 38, 48, 50), each written
 * while the one before plays.
 */
export const FIRST_CHUNK_FRAMES = 12;
/**
 * Longest run between two yields (ms): bounds how late a cancel is seen. Not shorter: on a busy
 * machine a yield costs a wake-up of the thread (measured ~15 ms each under load 7 on 2 cores).
 */
const YIELD_EVERY_MS = 40;
/**
 * Frames of a section's prompt the codec re-reads before the section (1 s at 50 Hz): more than its
 * context each side, and enough for the spectral synthesis to carry the take's phase into it.
 */
const PROMPT_CONTEXT_FRAMES = 50;
/** Progress without audio at least this often (ms), so the bar moves while the codec holds frames back. */
const REPORT_EVERY_MS = 250;

const now = () => performance.now();
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A memory failure in words a person can act on; anything else as it is. */
function explained(e: unknown): unknown {
  const m = message(e);
  if (/out of memory|memory access out of bounds|allocation failed|could not allocate|Array buffer allocation/i.test(m)) {
    return Object.assign(new Error(`out of memory (${m}): close other tabs or generate a shorter section`), { name: 'OutOfMemory' });
  }
  return e;
}

/** The manifests of one load are read once (loadMusicPack reads them again). */
function remembered(read: ReadPackFile): ReadPackFile {
  const kept = new Map<string, Promise<Uint8Array>>();
  return (pack, file, expect) => {
    if (file !== 'manifest.json') return read(pack, file, expect);
    const key = `${pack}/${file}`;
    if (!kept.has(key)) kept.set(key, read(pack, file, expect));
    return kept.get(key)!;
  };
}

async function json(read: ReadPackFile, pack: string): Promise<unknown> {
  const text = new TextDecoder().decode(await read(pack, 'manifest.json'));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PackFormatError(`${pack}/manifest.json is not JSON: ${message(e)}`);
  }
}

function named<T>(pack: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PackFormatError && !e.message.startsWith(pack)) e.message = `${pack}/${e.message}`;
    throw e;
  }
}

function bytesFor(m: MusicManifest, codec: CodecManifest, backend: Backend): number {
  return packGraphs(m).reduce((n, g) => n + musicGraphFile(m, g, backend).bytes, 0) + codecDecoderFile(codec, backend).bytes
    + (codec.critic ? codec.files[codec.critic.file].bytes : 0);
}

interface Loaded {
  readonly key: string;
  readonly pack: LoadedMusicPack;
  readonly info: PackInfo;
  readonly read: ReadPackFile;
}

export function createGenerateApi(host: GenerateHost) {
  let loaded: Loaded | null = null;

  /** The same pack opened for WASM (files from the cache when seen before): after WebGPU failed. */
  async function onWasm(l: Loaded, why: string): Promise<Loaded> {
    const pack = await loadMusicPack(l.read, host.opener('wasm'), l.info.pack, 'wasm').catch((e) => { throw explained(e); });
    return { ...l, pack, info: { ...l.info, backend: 'wasm', why } };
  }

  async function chooseBackend(asked: LoadInput['backend']): Promise<{ backend: Backend; why: string }> {
    if (asked === 'wasm') return { backend: 'wasm', why: 'WASM, as asked' };
    const missing = await host.webgpuMissing();
    if (missing === null) return { backend: 'webgpu', why: 'a WebGPU adapter is present' };
    return { backend: 'wasm', why: `${missing}: WASM on the CPU` };
  }

  return {
    async load(input: LoadInput, call: Call<LoadProgress>): Promise<PackInfo> {
      const key = `${input.baseUrl}|${input.pack}|${input.backend}|${input.allowUntrained}`;
      if (loaded?.key === key) return loaded.info;
      loaded = null;
      const t0 = now();
      const seen = new Map<string, number>();
      let total = 0, fromCache = true;
      const onFile = (p: FileProgress) => {
        if (p.file === 'manifest.json') return; // a few KB, read before the total is known
        seen.set(`${p.pack}/${p.file}`, p.loaded);
        if (!p.fromCache) fromCache = false;
        const done = [...seen.values()].reduce((a, b) => a + b, 0);
        call.progress({ file: `${p.pack}/${p.file}`, loaded: done, total, secondsLeft: secondsLeft(done, total, now() - t0) });
      };
      // where the load's time goes (ms, in PackInfo.timings): each file's read, each graph's session creation
      const timings: Record<string, number> = {};
      const timed = <A extends unknown[], R>(label: (...a: A) => string | null, f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
        const t = now();
        try { return await f(...a); } finally {
          const k = label(...a);
          if (k) timings[k] = (timings[k] ?? 0) + now() - t;
        }
      };
      const read = remembered(timed((_p: string, file: string) => (file === 'manifest.json' ? 'manifests' : `read ${file}`), host.reader(input.baseUrl, onFile, call.signal, input.cachedOnly ?? false)));
      const opener = (b: Backend): OpenSession => timed((_bytes: Uint8Array, name: string, _onDevice?: readonly string[]) => `open ${name.slice(name.indexOf('/') + 1)}`, host.opener(b));
      const raw = await json(read, input.pack);
      const offer = packOffer(raw, input.pack, input.allowUntrained);
      if (!offer.offered) throw new Error(offer.why);
      const music = named(input.pack, () => readManifest(raw, 'music'));
      const codecRaw = await json(read, music.codec.pack);
      const codec = named(music.codec.pack, () => readManifest(codecRaw, 'codec'));
      let { backend, why } = await chooseBackend(input.backend);
      total = bytesFor(music, codec, backend);
      let pack: LoadedMusicPack;
      const warmed = timed((_p: LoadedMusicPack) => 'warm-up', warm);
      try {
        // on WebGPU the KV cache stays on the GPU from step to step (only the logits come back)
        pack = await loadMusicPack(read, opener(backend), input.pack, backend, { cacheOnDevice: backend === 'webgpu' });
        if (backend === 'webgpu') pack = { ...pack, sessions: { ...pack.sessions, step: withoutEmptyPast(pack.sessions.step, music.model.layers) } };
        // on WebGPU a graph the adapter cannot run fails here, before any take; on WASM a failure
        // (out of memory) is the take's to report
        if (backend === 'webgpu') await warmed(pack); else await warmed(pack).catch(() => {});
      } catch (e) {
        // a file that is missing or corrupt is the pack's fault, not the backend's: say so
        if (backend !== 'webgpu' || e instanceof PackFileError || e instanceof PackFormatError || e instanceof NotCachedError || call.signal.aborted) throw explained(e);
        why = `WebGPU could not run the pack (${message(e)}): WASM on the CPU`;
        backend = 'wasm';
        total += bytesFor(music, codec, 'wasm');
        try {
          pack = await loadMusicPack(read, opener('wasm'), input.pack, 'wasm');
        } catch (e2) { throw explained(e2); }
        await warmed(pack).catch(() => {});
      }
      const info: PackInfo = {
        pack: input.pack, name: music.name, trained: offer.trained, backend, why, sampling: music.sampling, critic: pack.critic !== undefined,
        ensembleFamilies: music.controls.ensemble.dim, sampleRate: music.tokens.sample_rate, frameRate: music.tokens.frame_rate,
        bytes: total, fromCache, timings: withRest(timings, now() - t0, 'verify and the rest'),
      };
      loaded = { key, pack, info, read };
      return info;
    },

    async generate(input: GenerateInput, call: Call<GenerateProgress>): Promise<GenerateSummary> {
      if (!loaded) throw new Error('no music pack is loaded');
      const { manifest: m } = loaded.pack;
      const fr = m.tokens.frame_rate, sr = m.tokens.sample_rate, K = m.tokens.codebooks;
      if (!(input.seconds > 0)) throw new Error(`nothing to generate: ${input.seconds} s`);
      const frames = Math.ceil(input.seconds * fr - 1e-9);
      const controls = encodeLanes(input.lanes, Math.max(input.duration, input.start + input.seconds), { sampleRate: sr, frameRate: fr });
      const start = Math.round(input.start * fr);
      const wanted = Math.round(input.seconds * sr);
      const kept = new Int32Array(K * frames); // every frame written, codebook-major: a WASM fallback continues from them
      const t0 = now();
      const given = input.prompt;
      if (given && (given.codes.length !== K * given.frames || given.frames > start)) {
        throw new Error(`the prompt must be ${K} × frames codes lying before frame ${start}`);
      }
      const P = given?.frames ?? 0, C = Math.min(P, PROMPT_CONTEXT_FRAMES), hop = sr / fr;
      let sent = 0, streamAt = 0, written = 0;
      const timeline: Record<string, number> = {};
      const mark = (k: string) => { if (!(k in timeline)) timeline[k] = Math.round(now() - t0); };
      // a codec stream that first re-reads the prompt's last C frames: their audio is skipped (streamAt < 0), the section's follows on
      const openStream = (p: LoadedMusicPack) => {
        const s = new CodecStream(p.codec, p.decoder);
        if (C > 0) s.append(framesOf(given!.codes, K, P, P - C, P), C);
        streamAt = -C * hop;
        return s;
      };
      let pack = loaded.pack, stream = openStream(pack);
      let lastYield = now(), steps = 0, stepMs = 0, decodeMs = 0, yieldMs = 0, lastReport = now();
      // frames of `kept` handed to the codec stream; the next chunk's audio (frames); audio decoded (s)
      let fed = 0, chunk = FIRST_CHUNK_FRAMES, decodedFrames = 0;
      // the writing's pace since its first frame, for the page's rule of when to start playing
      let firstFrameAt = 0, firstFrame = 0, decodeMsAtFirst = 0;
      const decodable = () => stream.frames + (written - fed) - pack.codec.context_frames - stream.decoded; // frames a push would decode now
      const pace = (): StreamPace | undefined => {
        const writing = (now() - firstFrameAt - (decodeMs - decodeMsAtFirst)) / 1000;
        if (!firstFrameAt || written - firstFrame < 5 || writing <= 0) return undefined;
        return { rate: (written - firstFrame) / fr / writing, until: Math.max(0, chunk - decodable()) / fr, next: chunk / fr,
          most: CHUNK_FRAMES / fr, decode: decodedFrames > 0 ? decodeMs / 1000 / (decodedFrames / fr) : 0, context: (2 * pack.codec.context_frames) / fr,
          frame: 1 / fr };
      };
      // "Level follows intensity" (engine/generate/level-follow.ts): the audio goes to the page through
      // the level stage, lookS behind the codec; `out` counts what the page has (sent: what the codec gave)
      const follow = input.levelFollow && hasTarget(controls, start, frames) ? new LevelFollower(intensityTarget(controls), sr, Math.round(input.start * sr)) : null;
      let out = 0;
      const report = (samples: Float32Array, extra: Partial<GenerateProgress> = {}) => {
        lastReport = now();
        const n = samples.length; // the buffer is transferred: read its length first
        call.progress({ at: out, samples, written, total: frames, secondsLeft: secondsLeft(written, frames, now() - t0), pace: pace(), ...extra }, [samples.buffer]);
        out += n;
      };
      // the stream's audio from sample streamAt on; what was sent before (a restarted stream re-decodes it) is skipped
      const send = (audio: Float32Array) => {
        const from = Math.max(0, sent - streamAt), n = Math.min(audio.length, wanted - streamAt) - from;
        streamAt += audio.length;
        if (n <= 0) return;
        mark('first audio sent');
        const piece = audio.slice(from, from + n);
        report(follow ? follow.push(piece) : piece);
        sent += n;
      };
      // decoding runs between two steps, never beside one (one runtime, one run at a time), once a
      // whole chunk's audio can be decoded
      const flush = async () => {
        if (written === fed || decodable() < chunk) return;
        const codes = framesOf(kept, K, frames, fed, written), n = written - fed;
        fed = written;
        const t = now(), ran = stream.decodeRun(stream.frames + n - pack.codec.context_frames);
        const audio = await stream.push(codes, n);
        decodeMs += now() - t;
        decodedFrames += ran;
        if (!('first decode' in timeline)) timeline['first decode'] = Math.round(now() - t);
        chunk = nextChunk(chunk, CHUNK_FRAMES);
        send(audio);
      };
      const stepOf = (session: ModelSession): ModelSession => ({
        inputNames: session.inputNames, outputNames: session.outputNames,
        async run(feeds, fetches) {
          await flush();
          if (now() - lastYield > YIELD_EVERY_MS) {
            const t = now();
            await host.yieldToEvents();
            lastYield = now();
            yieldMs += lastYield - t;
          }
          // progress between chunks too (the codec holds back a second or more): frames written, no audio
          if (now() - lastReport > REPORT_EVERY_MS) report(new Float32Array(0));
          mark('first step began'); // after the encoders and the first yield
          const t = now();
          const out = await session.run(feeds, fetches);
          mark('first step done');
          steps++;
          stepMs += now() - t;
          return out;
        },
      });
      for (;;) {
        const base = written;
        try {
          // the given prompt, then what this call wrote before a fallback
          const prompt = P + base > 0 ? { codes: joinFrames(K, given?.codes, P, framesOf(kept, K, frames, 0, base), base), frames: P + base } : undefined;
          const g = await generate({
            manifest: m, sessions: { ...pack.sessions, step: stepOf(pack.sessions.step) }, controls, video: input.video, ensemble: input.ensemble,
            start: start + base, frames: frames - base, prompt, signal: call.signal,
            critic: pack.critic, hearing: codecHearing(pack.codec, pack.decoder, { sampleRate: sr, frameRate: fr }),
            config: { seed: input.seed, guidanceScale: input.guidanceScale, temperature: input.temperature, topK: input.topK, harmonyGuidance: input.harmonyGuidance,
              critic: pack.critic ? input.critic : undefined, levelSearch: input.levelSearch !== undefined ? { ...STUDIO_SEARCH, candidates: Math.max(1, Math.round(input.levelSearch)) } : undefined,
              moodSearch: input.moodSearch },
            onFrames: (codes, first) => {
              const n = codes.length / K;
              for (let k = 0; k < K; k++) kept.set(codes.subarray(k * n, (k + 1) * n), k * frames + base + first);
              if (!firstFrameAt) { firstFrameAt = now(); firstFrame = base + first; decodeMsAtFirst = decodeMs; }
              mark('first frame');
              written = base + first + n;
            },
          });
          // the rest in one run: what is written and not yet handed over, and the frames held back
          if (written > fed) stream.append(framesOf(kept, K, frames, fed, written), written - fed);
          fed = written;
          const t = now();
          const tail = await stream.end();
          decodeMs += now() - t;
          send(tail);
          if (follow) report(follow.flush());
          return { reason: g.reason, samples: out, frames: base + g.frames, elapsedMs: now() - t0, steps, stepMs, decodeMs, yieldMs,
            codes: framesOf(kept, K, frames, 0, base + g.frames), timeline, cache: g.cache, search: g.search };
        } catch (e) {
          if (loaded.info.backend !== 'webgpu' || call.signal.aborted) throw explained(e);
          // WebGPU failed while writing (a lost device, a kernel it lacks): go on on WASM from the last frame
          loaded = await onWasm(loaded, `WebGPU failed while writing (${message(e)}): WASM on the CPU from ${(written / fr).toFixed(1)} s`);
          pack = loaded.pack;
          stream = openStream(pack); // re-reads the prompt's tail and the written frames for context; send() skips what was sent
          if (written > 0) stream.append(framesOf(kept, K, frames, 0, written), written);
          fed = written;
          report(new Float32Array(0), { backend: { backend: 'wasm', why: loaded.info.why } });
        }
      }
    },
  };
}

/**
 * A few frames nobody hears, written and decoded once the pack is open: the graphs' first runs
 * (the runtime's allocations and kernel set-up) happen while the studio is idle, not after Generate.
 */
async function warm(p: LoadedMusicPack): Promise<void> {
  const m = p.manifest, frames = 1; // 1 + the delays' steps
  const controls = encodeLanes(createProject('warm-up', 1).lanes, 1, { sampleRate: m.tokens.sample_rate, frameRate: m.tokens.frame_rate });
  const g = await generate({ manifest: m, sessions: p.sessions, controls, video: null, ensemble: 'auto', start: 0, frames, config: { seed: 0 } });
  await decodeCodes(p.codec, p.decoder, g.codes, g.frames);
}

/** `timings` with `total` and what they leave of it under `rest` (ms, rounded). */
function withRest(timings: Record<string, number>, total: number, rest: string): Record<string, number> {
  const spent = Object.values(timings).reduce((a, b) => a + b, 0);
  return Object.fromEntries([...Object.entries(timings), [rest, total - spent], ['total', total]].map(([k, v]) => [k, Math.round(v as number)]));
}

/** K × aN codes followed by K × bN codes, as K × (aN + bN). */
function joinFrames(K: number, a: Int32Array | undefined, aN: number, b: Int32Array, bN: number): Int32Array {
  if (!a || aN === 0) return b;
  const n = aN + bN, out = new Int32Array(K * n);
  for (let k = 0; k < K; k++) {
    out.set(a.subarray(k * aN, (k + 1) * aN), k * n);
    out.set(b.subarray(k * bN, (k + 1) * bN), k * n + aN);
  }
  return out;
}

/** Frames [a, b) of K × N codes. */
function framesOf(codes: Int32Array, K: number, N: number, a: number, b: number): Int32Array {
  const out = new Int32Array(K * (b - a));
  for (let k = 0; k < K; k++) out.set(codes.subarray(k * N + a, k * N + b), k * (b - a));
  return out;
}

export type GenerateApi = ReturnType<typeof createGenerateApi>;
