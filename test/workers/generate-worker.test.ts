/**
 * The generation worker's functions (src/workers/generate.handler.ts) on the tiny random pack and
 * the codec it names (the app's), with onnxruntime-node as the host's runtime: loading with progress in bytes, refusing
 * an untrained pack unless allowed, naming a corrupt file, streaming audio that matches the whole
 * take decoded at once, a cancel that stops the loop within a step keeping what was written, and
 * a WebGPU failure while writing that goes on on WASM.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { decodeTokens } from '../../src/engine/generate/audio.ts';
import { analyseFrames } from '../../src/engine/codec/synth.ts';
import { generate } from '../../src/engine/generate/generate.ts';
import { codeFrames } from '../../src/engine/generate/section.ts';
import { createProject } from '../../src/engine/project/create.ts';
import type { ReadPackFile } from '../../src/engine/pack/load.ts';
import { nodeSessionOpener } from '../../src/runtime/ort-node.ts';
import { WorkerClient } from '../../src/workers/client.ts';
import { createGenerateApi, type GenerateApi, type GenerateHost } from '../../src/workers/generate.handler.ts';
import type { GenerateInput, GenerateProgress, LoadInput, LoadProgress } from '../../src/workers/generate.protocol.ts';
import { localWorker } from '../../src/workers/local.ts';
import type { Call } from '../../src/workers/protocol.ts';
import { emulatedDeviceOpener, type DeviceLedger } from '../generate/device-tensors.ts';
import { goldenVideo, loadTinyPack, TINY_CODEC as CODEC, TINY_PACK, tinyReader } from '../generate/tiny-pack.ts';

/** Node's host: files from the fixture folders (with per-file progress, as fetch-pack reports), onnxruntime-node. */
function host(read: ReadPackFile = tinyReader()): GenerateHost {
  return {
    reader: (_base, onFile) => async (pack, file, expect) => {
      const bytes = await read(pack, file, expect);
      onFile({ pack, file, loaded: bytes.byteLength, total: expect?.bytes ?? 0, fromCache: false });
      return bytes;
    },
    opener: () => nodeSessionOpener(1),
    webgpuMissing: async () => 'no WebGPU in Node',
    yieldToEvents: () => new Promise((r) => setImmediate(r)),
  };
}

const call = <P>(progress: (p: P) => void = () => {}, signal = new AbortController().signal): Call<P> => ({ signal, progress });
const LOAD: LoadInput = { baseUrl: '/models', pack: TINY_PACK, allowUntrained: true, backend: 'auto' };
const project = createProject('t', 6);
const INPUT: GenerateInput = { lanes: project.lanes, duration: 6, video: goldenVideo(), ensemble: 'auto', start: 0, seconds: 2, seed: 7 };


/**
 * How far two decodes of the same codes part in what is heard: the relative L2 distance of their
 * STFT magnitudes (1280-point frames, hop 320). codec-v3l's decoder writes (log) magnitudes and the
 * engine derives the phase from them (synthesis 'peaks'), so two decodes whose int8 activations
 * were quantised over other spans, or whose phase started elsewhere (a section decoded from its
 * prompt's last second), sound alike but part sample for sample; the magnitudes do not.
 */
function spectralDistance(a: Float32Array, b: Float32Array): number {
  const A = analyseFrames(a, 1280, 320).mag, B = analyseFrames(b, 1280, 320).mag;
  let num = 0, den = 0;
  for (let i = 0; i < A.length; i++) { num += (A[i] - B[i]) ** 2; den += B[i] ** 2; }
  return Math.sqrt(num / den);
}

describe('generation worker', () => {
  it('refuses an untrained pack unless the test-only setting allows it', async () => {
    const api = createGenerateApi(host());
    await expect(api.load({ ...LOAD, allowUntrained: false }, call())).rejects.toThrow(
      `${TINY_PACK} is not a trained pack (its manifest does not say "trained": true), so it is not offered`);
  });

  it('loads with progress in bytes up to the files the backend runs, and says why WASM', async () => {
    const api = createGenerateApi(host());
    const seen: LoadProgress[] = [];
    const info = await api.load(LOAD, call<LoadProgress>((p) => seen.push(p)));
    // WASM runs the int8 step and prefill and the codec's int8 decoder: 69 024 + 16 653 + 423 814 + 479 064 + the codec's
    // decoder.int8.onnx, and the sampler reads the codec's lane critic (critic.bin)
    const codecFiles = (JSON.parse(readFileSync(`public/models/${CODEC}/manifest.json`, 'utf8')) as { files: Record<'decoder_int8' | 'critic', { bytes: number }> }).files;
    expect(info.bytes).toBe(69024 + 16653 + 423814 + 479064 + codecFiles.decoder_int8.bytes + codecFiles.critic.bytes);
    expect(info.critic).toBe(true);
    expect(info.backend).toBe('wasm');
    expect(info.why).toBe('no WebGPU in Node: WASM on the CPU');
    expect(info.trained).toBe(false);
    expect(info.sampling).toEqual({ top_k: 250, temperature: 1, guidance_scale: 3 });
    expect(seen.map((p) => p.file)).toEqual([`${TINY_PACK}/video_encoder.onnx`, `${TINY_PACK}/condition_encoder.onnx`, `${TINY_PACK}/step.int8.onnx`, `${TINY_PACK}/prefill.int8.onnx`,
      `${CODEC}/decoder.int8.onnx`, `${CODEC}/critic.bin`]);
    expect(seen.at(-1)!.total).toBe(info.bytes);
    expect(seen.at(-1)!.loaded).toBe(info.bytes);
    expect(seen.at(-1)!.secondsLeft).toBe(0);
  });

  it('names a corrupt file', async () => {
    const read = tinyReader();
    const corrupt: ReadPackFile = async (pack, file, expect) => {
      const b = await read(pack, file, expect);
      if (file === 'step.int8.onnx') b[1000] ^= 0xff;
      return b;
    };
    await expect(createGenerateApi(host(corrupt)).load(LOAD, call())).rejects.toThrow(
      `${TINY_PACK}/step.int8.onnx does not match its sha256 in the manifest: the file is corrupt or another file`);
  });

  describe('with the pack loaded', () => {
    let api: GenerateApi;
    beforeAll(async () => {
      api = createGenerateApi(host());
      await api.load(LOAD, call());
    });

    it('streams 2 s in contiguous chunks that match the whole take decoded at once', async () => {
      const chunks: GenerateProgress[] = [];
      const r = await api.generate(INPUT, call<GenerateProgress>((p) => { if (p.samples.length) chunks.push(p); }));
      expect(r.reason).toBe('done');
      expect(r.frames).toBe(100);
      expect(r.samples).toBe(64000);
      expect(chunks.length).toBeGreaterThan(2);
      let at = 0;
      for (const c of chunks) { expect(c.at).toBe(at); at += c.samples.length; }
      expect(at).toBe(64000);
      expect(chunks.at(-1)!.written).toBe(100);
      const take = new Float32Array(64000);
      for (const c of chunks) take.set(c.samples, c.at);
      // the same loop and inputs, decoded in one run: the streamed joins are exact
      const pack = await loadTinyPack('wasm');
      const m = pack.manifest;
      const controls = encodeLanes(project.lanes, 6, { sampleRate: 32000, frameRate: 50 });
      const g = await generate({ manifest: m, sessions: pack.sessions, controls, video: goldenVideo(), ensemble: 'auto', start: 0, frames: 100, config: { seed: 7 } });
      const whole = await decodeTokens(pack.codec, pack.decoder, g.codes, g.frames);
      let energy = 0;
      for (let i = 0; i < 64000; i++) energy += take[i] * take[i];
      expect(Math.sqrt(energy / 64000)).toBeGreaterThan(1e-2); // not silent
      // not bit-exact: the int8 decoder quantises each run's activations with that run's own range
      // (DynamicQuantizeLinear), and the phase follows the magnitudes, so the waveforms part while
      // the sound does not (spectralDistance; with fp32 the stream equals a whole decode exactly:
      // test/codec/decoder.test.ts)
      // codec-specific: re-measure when the shipped codec changes
      // measured 0.097; two different seconds of the same take part by ≈ 1
      expect(spectralDistance(take, whole)).toBeLessThan(0.15);
      expect(spectralDistance(take.subarray(0, 32000), whole.subarray(32000))).toBeGreaterThan(0.5);
    });

    it('with Level follows intensity the streamed take is the whole take through the level stage: contiguous, finite, sounding', async () => {
      // a zigzag intensity lane, as the e2e test draws it: ±16 dB every 0.4 s
      const points = Array.from({ length: 16 }, (_, i) => ({ t: i * 0.4, v: i % 2 ? -16 : 16 }));
      const lanes = { ...project.lanes, intensity: { kind: 'curve' as const, points, free: [] } };
      const input = { ...INPUT, lanes, levelFollow: true };
      for (let run = 0; run < 2; run++) {
        const chunks: GenerateProgress[] = [];
        const r = await api.generate(input, call<GenerateProgress>((p) => { if (p.samples.length) chunks.push(p); }));
        expect(r.samples).toBe(64000);
        let at = 0;
        for (const c of chunks) { expect(c.at).toBe(at); at += c.samples.length; }
        expect(at).toBe(64000);
        const take = new Float32Array(64000);
        for (const c of chunks) take.set(c.samples, c.at);
        expect(take.every(Number.isFinite)).toBe(true);
        let energy = 0;
        for (let i = 0; i < 64000; i++) energy += take[i] * take[i];
        expect(Math.sqrt(energy / 64000)).toBeGreaterThan(1e-3);
      }
    });

    it('the first audio needs 12 frames and the codec\'s context written; chunks then grow by a quarter up to 1 s, each with the writing\'s pace', async () => {
      const chunks: GenerateProgress[] = [];
      // 3 s (150 frames), so the chunks grow more than once behind the codec's context
      const r = await api.generate({ ...INPUT, seconds: 3 }, call<GenerateProgress>((p) => { if (p.samples.length) chunks.push(p); }));
      expect(r.samples).toBe(96000);
      // codec-specific: re-measure when the shipped codec changes
      // codec-v3l holds back 54 frames: 12 frames of audio once 66 are written, then 15, 19, 24, and the rest at the end
      // (its spectral synthesis keeps the last 480 samples of overlap-add until the next chunk)
      expect(chunks.map((c) => c.samples.length)).toEqual([12 * 640 - 480, 15 * 640, 19 * 640, 24 * 640, 80 * 640 + 480]);
      expect(chunks.map((c) => c.written)).toEqual([66, 81, 100, 124, 150]);
      expect(r.timeline!['first audio sent']).toBeGreaterThanOrEqual(r.timeline!['first frame']);
      // what the page's start rule reads (engine/playback/stream-start.ts): after the first chunk, 15 more
      // frames of audio need 15 more written (0.3 s), chunks at most 1 s, of whole 20 ms frames
      const p = chunks[0].pace!;
      expect([p.until, p.next, p.most, p.context, p.frame]).toEqual([0.3, 0.3, 1, (2 * 54) / 50, 0.02]);
      expect(p.rate).toBeGreaterThan(0);
      expect(p.decode).toBeGreaterThan(0);
    });

    it('writes a section after a prompt: teacher-forced through the loop, decoded with the prompt as context', async () => {
      // greedy (top-k 1), so a continuation is determined: the section written after the take's first
      // second must be the take's own second second, codes and audio, whatever the seed
      const greedy: GenerateInput = { ...INPUT, topK: 1 };
      const whole = new Float32Array(64000);
      const take = await api.generate(greedy, call<GenerateProgress>((p) => whole.set(p.samples, p.at)));
      expect(take.codes.length).toBe(4 * 100);
      const prompt = { codes: codeFrames(take.codes, 4, 0, 50), frames: 50 };
      const section = new Float32Array(32000);
      const chunks: number[] = [];
      const r = await api.generate({ ...greedy, start: 1, seconds: 1, seed: 99, prompt }, call<GenerateProgress>((p) => {
        if (!p.samples.length) return;
        chunks.push(p.at);
        section.set(p.samples, p.at);
      }));
      expect([r.reason, r.frames, r.samples]).toEqual(['done', 50, 32000]);
      expect(chunks[0]).toBe(0); // the prompt's audio is not sent again
      expect([...r.codes]).toEqual([...codeFrames(take.codes, 4, 50, 100)]);
      // the codec re-read the prompt's last second first, so the section sounds as that second of the take did
      let energy = 0;
      for (let i = 0; i < 32000; i++) energy += whole[32000 + i] ** 2;
      expect(energy / 32000).toBeGreaterThan(1e-4); // not silent
      const second = whole.subarray(32000);
      // codec-specific: re-measure when the shipped codec changes
      expect(spectralDistance(section, second)).toBeLessThan(0.15); // measured 0.084
      expect(spectralDistance(section, whole.subarray(0, 32000))).toBeGreaterThan(0.5); // the take's first second
      // a prompt that is not K × frames, or that does not lie before the section, is refused
      await expect(api.generate({ ...greedy, start: 0.5, seconds: 1, prompt }, call())).rejects.toThrow('lying before frame 25');
    });

    it('cancel through the client stops the loop within a step and keeps what was written', async () => {
      const client = new WorkerClient<GenerateApi>(() => localWorker(api), 'generation');
      const ctl = new AbortController();
      const got: GenerateProgress[] = [];
      let abortedAt = 0, writtenAtAbort = 0;
      const r = await client.call('generate', { ...INPUT, seconds: 5.5 }, {
        signal: ctl.signal, settleOnAbort: true,
        onProgress: (p) => {
          if (!p.samples.length) return; // a progress report between chunks
          got.push(p);
          if (got.length === 2) { abortedAt = performance.now(); writtenAtAbort = p.written; ctl.abort(); }
        },
      });
      const late = performance.now() - abortedAt;
      expect(r.reason).toBe('aborted');
      // the loop saw the cancel at its next step (a step here is 1-10 ms): at most a few frames more
      expect(r.frames - writtenAtAbort).toBeLessThanOrEqual(3);
      // the answer also decodes the held-back frames (≈ 100 frames of codec): ~0.3 s idle, over 1 s under load 7
      expect(late).toBeLessThan(2000);
      expect(r.samples).toBe(got.reduce((n, p) => n + p.samples.length, 0));
      // every written frame is heard: the codec's held-back context is decoded at the end
      expect(r.samples).toBe(r.frames * 640);
    });
  });

  it('WebGPU failing while writing (a lost device) goes on on WASM from the last frame, saying why', async () => {
    // Node has no WebGPU: the WebGPU variants (fp32 step and decoder) run on onnxruntime-node, and the
    // step is made to fail on its 60th run as a lost device would (the load's warm-up and each take's first step run it up
    // to 6 times, withoutEmptyPast: at frame 46, after a few chunks). The KV cache lies on the
    // (emulated) device: the WASM run re-primes from the frames written, never from that cache,
    // and every device tensor is freed, the failed window's included
    let runs = 0;
    const ledger: DeviceLedger = { live: 0, made: 0 };
    const gpuHost: GenerateHost = {
      ...host(),
      webgpuMissing: async () => null,
      opener: (backend) => async (bytes, name, onDevice) => {
        const s = await emulatedDeviceOpener(nodeSessionOpener(1), ledger)(bytes, name, onDevice);
        if (backend !== 'webgpu' || !name.endsWith('/step.onnx')) return s;
        return { ...s, run: (feeds, fetches) => (++runs === 60 ? Promise.reject(new Error('device lost')) : s.run(feeds, fetches)) };
      },
    };
    const api = createGenerateApi(gpuHost);
    const info = await api.load(LOAD, call());
    expect(info.backend).toBe('webgpu');
    expect(info.why).toBe('a WebGPU adapter is present');
    const chunks: GenerateProgress[] = [];
    const r = await api.generate(INPUT, call<GenerateProgress>((p) => chunks.push(p)));
    expect(r.reason).toBe('done');
    expect(r.samples).toBe(64000);
    const switched = chunks.find((p) => p.backend);
    expect(switched?.backend).toEqual({ backend: 'wasm', why: 'WebGPU failed while writing (device lost): WASM on the CPU from 0.9 s' });
    let at = 0;
    for (const c of chunks) { expect(c.at).toBe(at); at += c.samples.length; }
    expect(at).toBe(64000);
    expect(r.cache).toEqual({ onCpu: expect.any(Number), onDevice: 0 }); // the part written on WASM
    expect(ledger.made).toBeGreaterThan(0);
    expect(ledger.live).toBe(0);
    // the next take starts on WASM at once
    expect((await api.load(LOAD, call())).backend).toBe('wasm');
  });

  it('an allocation failure while writing is worded as out of memory', async () => {
    const oomHost: GenerateHost = {
      ...host(),
      opener: () => async (bytes, name) => {
        const s = await nodeSessionOpener(1)(bytes, name);
        if (!name.endsWith('/step.int8.onnx')) return s;
        return { ...s, run: () => Promise.reject(new RangeError('Array buffer allocation failed')) };
      },
    };
    const api = createGenerateApi(oomHost);
    await api.load(LOAD, call());
    await expect(api.generate(INPUT, call())).rejects.toMatchObject({
      name: 'OutOfMemory', message: 'out of memory (Array buffer allocation failed): close other tabs or generate a shorter section' });
  });
});
