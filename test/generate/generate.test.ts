/**
 * The whole loop on the tiny random pack (int8 step, as WASM runs it) on onnxruntime-node:
 * golden tokens for a fixed seed, determinism, streaming, abort, windowed continuation.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { generate, type GenerateRequest } from '../../src/engine/generate/generate.ts';
import type { LoadedMusicPack } from '../../src/engine/pack/load.ts';
import { createProject } from '../../src/engine/project/create.ts';
import { goldenControls, goldenFamilies, goldenVideo, loadTinyPack } from './tiny-pack.ts';

const GOLDEN_TOKENS = new URL('../fixtures/music/tiny-pack-tokens.json', import.meta.url);

let pack: LoadedMusicPack;
beforeAll(async () => { pack = await loadTinyPack('wasm'); });

const request = (over: Partial<GenerateRequest> = {}): GenerateRequest => ({
  manifest: pack.manifest, sessions: pack.sessions, controls: goldenControls(), video: goldenVideo(), ensemble: goldenFamilies(),
  start: 0, frames: 20, config: { seed: 1234 }, ...over,
});

describe('generate on the tiny pack', () => {
  it('writes the golden tokens for seed 1234 (20 frames, guidance 3, top-k 250)', async () => {
    const g = await generate(request());
    expect(g.reason).toBe('done');
    expect(g.frames).toBe(20);
    expect(g.steps).toBe(23);
    const tokens = Array.from(g.codes);
    expect(tokens.every((c) => c >= 0 && c < 2048)).toBe(true);
    // UPDATE_GOLDEN=1 writes the file after a deliberate change of the loop or the pack
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN_TOKENS, JSON.stringify({ seed: 1234, frames: 20, codes: tokens }) + '\n');
    expect(tokens).toEqual(JSON.parse(readFileSync(GOLDEN_TOKENS, 'utf8')).codes);
  });

  it('same seed and inputs → same tokens; another seed, guidance or ensemble → others', async () => {
    const a = await generate(request()), b = await generate(request());
    expect(Array.from(b.codes)).toEqual(Array.from(a.codes));
    for (const other of [{ config: { seed: 1235 } }, { config: { seed: 1234, guidanceScale: 1 } }, { ensemble: 'auto' as const }]) {
      expect(Array.from((await generate(request(other))).codes)).not.toEqual(Array.from(a.codes));
    }
  });

  it('harmony guidance runs a third row where chords are asked, and changes nothing where none are', async () => {
    const a = await generate(request());
    const c = goldenControls();
    expect(c.harmony.mask.some((v) => v > 0)).toBe(true);
    const guided = await generate(request({ config: { seed: 1234, harmonyGuidance: 4 } }));
    expect(guided.frames).toBe(20);
    expect(Array.from(guided.codes)).not.toEqual(Array.from(a.codes));
    // the row without the harmony lane is row 0 with only that lane's masks zeroed: with no chord asked it equals
    // row 0, so the term adds nothing and no row is run
    const noChords = { ...c, harmony: { ...c.harmony, mask: new Float32Array(c.harmony.mask.length) } };
    const plain = await generate(request({ controls: noChords }));
    expect(Array.from((await generate(request({ controls: noChords, config: { seed: 1234, harmonyGuidance: 4 } }))).codes)).toEqual(Array.from(plain.codes));
  });

  it('a clip in one window has no joins', async () => {
    expect((await generate(request())).joins).toEqual([]);
  });

  it('reports each window\'s join: 450 frames in three windows, and the same joins after a prompt, counted from start', async () => {
    const m = pack.manifest;
    const project = createProject('t', 10);
    const controls = encodeLanes(project.lanes, project.duration, { sampleRate: m.tokens.sample_rate, frameRate: m.tokens.frame_rate });
    const over = { controls, video: null, ensemble: 'auto' as const, config: { seed: 5, primeSeconds: 1 } };
    const g = await generate(request({ ...over, frames: 450 }));
    // 197 frames a window, 50 primed from a video frame: [0, 197), then [145, 342) new from 197, then [290, 450) new from 342
    expect(g.joins).toEqual([197, 342]);
    // the 52 primed steps of each later window run in one prefill (the pack has the graph; prefill.test.ts)
    expect(g.steps).toBe(200 + 200 + 163 - 2 * 52);
    expect(g.prefilled).toBe(2 * 52);
    // the tokens are those of a clip written without asking for joins: the first 197 frames match a one-window take's
    const one = await generate(request({ ...over, frames: 197 }));
    expect(one.joins).toEqual([]);
    for (let k = 0; k < 4; k++) expect(Array.from(g.codes.subarray(k * 450, k * 450 + 197))).toEqual(Array.from(one.codes.subarray(k * 197, (k + 1) * 197)));
    // a 10-frame prompt: the loop's clip starts 10 frames earlier, so its joins land 10 frames earlier counted from start
    const prompt = new Int32Array(4 * 10);
    for (let k = 0; k < 4; k++) prompt.set(g.codes.subarray(k * 450, k * 450 + 10), k * 10);
    const part = await generate(request({ ...over, start: 10, frames: 440, prompt: { codes: prompt, frames: 10 } }));
    expect(part.joins).toEqual([187, 332]);
  });

  it('top-k 1 is greedy: the seed no longer matters', async () => {
    const a = await generate(request({ config: { seed: 1, topK: 1 } })), b = await generate(request({ config: { seed: 2, topK: 1 } }));
    expect(Array.from(a.codes)).toEqual(Array.from(b.codes));
  });

  it('streams every frame once, in order, as soon as all four codebooks are known', async () => {
    const got: number[][] = [];
    const g = await generate(request({ onFrames: (codes, first) => got.push([first, codes.length / 4]) , chunkFrames: 3 }));
    expect(got.map(([f]) => f)).toEqual([0, 3, 6, 9, 12, 15, 18]);
    expect(got.reduce((n, [, c]) => n + c, 0)).toBe(g.frames);
  });

  it('abort stops within one step and returns the frames written so far', async () => {
    const full = await generate(request());
    const ctl = new AbortController();
    let seen = 0;
    const g = await generate(request({ signal: ctl.signal, onFrames: (codes) => { seen += codes.length / 4; if (seen >= 5) ctl.abort(); } }));
    expect(g.reason).toBe('aborted');
    expect(g.steps).toBe(5 + 3); // frame 4 completes at step 7: the 8th step; none after it
    expect(g.frames).toBe(5);
    for (let k = 0; k < 4; k++) expect(Array.from(g.codes.subarray(k * 5, k * 5 + 5))).toEqual(Array.from(full.codes.subarray(k * 20, k * 20 + 5)));
  });

  it('continues past the context window: 5 s in two windows, the second primed with the first', async () => {
    const m = pack.manifest;
    const project = createProject('t', 6);
    const controls = encodeLanes(project.lanes, project.duration, { sampleRate: m.tokens.sample_rate, frameRate: m.tokens.frame_rate });
    const got: number[] = [];
    const g = await generate(request({ controls, video: null, ensemble: 'auto', frames: 250, config: { seed: 5, primeSeconds: 1 },
      onFrames: (codes, first) => got.push(first, codes.length / 4) }));
    expect(g.frames).toBe(250);
    // window 1: frames 0-196 in 200 steps; window 2 from frame 145 (on a video frame; 52 primed): 105 frames in 108 steps
    // its 52 primed steps in one prefill run
    expect(g.steps).toBe(200 + 108 - 52);
    expect(g.prefilled).toBe(52);
    expect(g.joins).toEqual([197]); // window 2's first new frame
    let next = 0;
    for (let i = 0; i < got.length; i += 2) { expect(got[i]).toBe(next); next += got[i + 1]; }
    expect(next).toBe(250);
  });
});

describe('regenerating a section', () => {
  it('continues a prompt exactly: greedy from the first 10 frames of a greedy take writes the rest of it', async () => {
    const greedy = { seed: 0, topK: 1 };
    const take = await generate(request({ frames: 30, config: greedy }));
    const prompt = new Int32Array(4 * 10);
    for (let k = 0; k < 4; k++) prompt.set(take.codes.subarray(k * 30, k * 30 + 10), k * 10);
    const firsts: number[] = [];
    const part = await generate(request({ start: 10, frames: 20, config: greedy, prompt: { codes: prompt, frames: 10 }, onFrames: (_, f) => firsts.push(f) }));
    expect(part.frames).toBe(20);
    expect(firsts[0]).toBe(0); // frames are numbered from `start`; the prompt is not streamed again
    for (let k = 0; k < 4; k++) expect(Array.from(part.codes.subarray(k * 20, k * 20 + 20))).toEqual(Array.from(take.codes.subarray(k * 30 + 10, k * 30 + 30)));
    // sampled: the section differs from the take's but keeps its length
    const sampled = await generate(request({ start: 10, frames: 20, prompt: { codes: prompt, frames: 10 } }));
    expect(sampled.frames).toBe(20);
  });
});
