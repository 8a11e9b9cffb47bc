/**
 * The pack's optional prefill graph on the tiny pack: a window's known first steps in one run give
 * the cache and logits those steps give one by one, so the loop writes the same tokens with fewer
 * step runs — over several windows and after a prompt — and a pack without the graph still works.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { MusicDecoder } from '../../src/engine/generate/decoder.ts';
import { DelayPattern } from '../../src/engine/generate/delay.ts';
import { generate, type GenerateRequest } from '../../src/engine/generate/generate.ts';
import { conditionFeeds, videoFeeds } from '../../src/engine/generate/inputs.ts';
import { loadMusicPack, type LoadedMusicPack } from '../../src/engine/pack/load.ts';
import { createProject } from '../../src/engine/project/create.ts';
import { nodeSessionOpener } from '../../src/runtime/ort-node.ts';
import { INTEG_PACK, TINY_PACK, golden, goldenControls, goldenFamilies, goldenVideo, loadTinyPack, tinyReader } from './tiny-pack.ts';

let fp32: LoadedMusicPack, int8: LoadedMusicPack, integ: LoadedMusicPack;
// webgpu's variants are the fp32 graphs; the CPU runs them here
beforeAll(async () => { [fp32, int8, integ] = await Promise.all([loadTinyPack('webgpu'), loadTinyPack('wasm'), loadTinyPack('webgpu', INTEG_PACK)]); }, 120_000);

const withoutPrefill = (p: LoadedMusicPack) => ({ ...p.sessions, prefill: undefined });

function request(pack: LoadedMusicPack, over: Partial<GenerateRequest> = {}): GenerateRequest {
  const m = pack.manifest, project = createProject('t', 10);
  const controls = encodeLanes(project.lanes, project.duration, { sampleRate: m.tokens.sample_rate, frameRate: m.tokens.frame_rate });
  return { manifest: m, sessions: pack.sessions, controls, video: null, ensemble: 'auto', start: 0, frames: 450, config: { seed: 5, primeSeconds: 1 }, ...over };
}

describe('prefill graph', () => {
  it('loads with the pack: its own file per backend', () => {
    expect(fp32.sessions.prefill).toBeDefined();
    expect(int8.manifest.variants.wasm?.prefill).toBe('prefill_int8');
    expect(int8.manifest.variants.webgpu?.prefill).toBe('prefill');
  });

  it.each([['the tiny pack', () => fp32], ['the pack with integrated inputs (its integ state too)', () => integ]])('gives the cache and the last logits of the steps it replaces (fp32: to float rounding): %s', async (_, packOf) => {
    const pack = packOf(), m = pack.manifest, T = golden.inputs.frames, p = new DelayPattern();
    const open = () => MusicDecoder.open(m, pack.sessions, videoFeeds(m, goldenVideo(), 0, T), conditionFeeds(m, goldenControls(), goldenFamilies(), 0, T), T);
    const S = p.steps(T), inputs = p.shiftIn(Int32Array.from(golden.sequence.flat()), S);
    const P = 120; // past the 2 s window's first segment: the graph masks what the step is cut
    const tokensOf = (s: number) => Int32Array.from({ length: 4 }, (_, k) => inputs[k * S + s]);
    const stepped = await open(), prefilled = await open();
    let last = null;
    for (let s = 0; s < P; s++) last = await stepped.step(tokensOf(s));
    const pre = new Int32Array(4 * P);
    for (let k = 0; k < 4; k++) pre.set(inputs.subarray(k * S, k * S + P), k * P);
    const first = await prefilled.prefill(pre, P);
    expect(prefilled.steps).toBe(P);
    let worst = relErr(first.data, last!.data);
    for (let s = P; s < P + 20; s++) worst = Math.max(worst, relErr((await prefilled.step(tokensOf(s))).data, (await stepped.step(tokensOf(s))).data));
    console.log(`prefill ${P} then 20 steps vs 140 steps: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-5);
  }, 120_000);

  it('a pack without the graph loads without it and primes with steps', async () => {
    const read = tinyReader();
    const stripped = async (pack: string, file: string) => {
      if (pack !== TINY_PACK || file !== 'manifest.json') return read(pack, file);
      const m = JSON.parse(new TextDecoder().decode(await read(pack, file)));
      delete m.graphs.prefill; delete m.files.prefill; delete m.files.prefill_int8; delete m.variants.wasm.prefill; delete m.variants.webgpu.prefill;
      return new TextEncoder().encode(JSON.stringify(m));
    };
    const old = await loadMusicPack(stripped, nodeSessionOpener(1), TINY_PACK, 'wasm');
    expect(old.sessions.prefill).toBeUndefined();
    const a = await generate(request(old, { frames: 250 })), b = await generate(request(int8, { frames: 250 }));
    expect([a.steps, a.prefilled, b.steps, b.prefilled]).toEqual([200 + 108, 0, 200 + 108 - 52, 52]);
    expect(agreement(a.codes, b.codes)).toBe(1);
  }, 120_000);

  for (const [name, pick] of [['fp32', () => fp32], ['int8', () => int8]] as const) {
    it(`writes the same tokens with fewer step runs: 450 frames in three windows, and after a prompt (${name})`, async () => {
      const pack = pick();
      const a = await generate(request(pack, { sessions: withoutPrefill(pack) })), b = await generate(request(pack));
      // windows [0, 197), [145, 342), [290, 450): 52 primed frames in each later window
      expect(a.steps).toBe(200 + 200 + 163);
      expect(a.prefilled).toBe(0);
      expect(b.prefilled).toBe(52 + 52);
      expect(b.steps).toBe(a.steps - b.prefilled);
      expect(b.joins).toEqual(a.joins);
      expect(agreement(b.codes, a.codes)).toBe(1);
      // regenerating frames 100-160 of it from a 100-frame prompt (its last 50 frames prime the window)
      const prompt = new Int32Array(4 * 100);
      for (let k = 0; k < 4; k++) prompt.set(a.codes.subarray(k * 450, k * 450 + 100), k * 100);
      const section = { start: 100, frames: 60, prompt: { codes: prompt, frames: 100 }, config: { seed: 9, primeSeconds: 1 } };
      const c = await generate(request(pack, { ...section, sessions: withoutPrefill(pack) })), d = await generate(request(pack, section));
      expect(d.prefilled).toBe(50);
      expect(d.steps).toBe(c.steps - 50);
      expect(agreement(d.codes, c.codes)).toBe(1);
    }, 300_000);
  }
});

function relErr(a: Float32Array, b: Float32Array): number {
  let worst = 0, scale = 0;
  for (let i = 0; i < b.length; i++) { worst = Math.max(worst, Math.abs(a[i] - b[i])); scale = Math.max(scale, Math.abs(b[i])); }
  return worst / scale;
}

function agreement(a: Int32Array, b: Int32Array): number {
  expect(a.length).toBe(b.length);
  let same = 0;
  for (let i = 0; i < a.length; i++) same += a[i] === b[i] ? 1 : 0;
  return same / a.length;
}
