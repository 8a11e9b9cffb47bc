/**
 * The step without an empty KV cache (src/engine/generate/empty-past.ts, for onnxruntime-web's WebGPU
 * backend): on onnxruntime-node, which takes an empty cache, the loop writes the same tokens with and
 * without it, and a window's first step costs at most layers + 1 runs.
 */
import { describe, expect, it } from 'vitest';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { withoutEmptyPast } from '../../src/engine/generate/empty-past.ts';
import { generate } from '../../src/engine/generate/generate.ts';
import type { ModelSession } from '../../src/engine/generate/session.ts';
import { createProject } from '../../src/engine/project/create.ts';
import { goldenVideo, loadTinyPack } from './tiny-pack.ts';

describe('withoutEmptyPast', () => {
  it('writes the same tokens as the step fed an empty cache, never feeding one', async () => {
    const pack = await loadTinyPack('webgpu'); // the fp32 step the WebGPU backend runs
    const m = pack.manifest;
    const controls = encodeLanes(createProject('t', 6).lanes, 6, { sampleRate: 32000, frameRate: 50 });
    // without the prefill graph, so the second window starts with an empty cache too
    const take = (step: ModelSession) => generate({ manifest: m, sessions: { ...pack.sessions, prefill: undefined, step }, controls, video: goldenVideo(),
      ensemble: 'auto', start: 0, frames: 250, config: { seed: 3 } }); // 5 s: two windows of the 4 s context
    let runs = 0, emptyFed = 0;
    const counted: ModelSession = { ...pack.sessions.step, run: (feeds) => {
      runs++;
      if (feeds['past_key.0'].dims.includes(0)) emptyFed++;
      return pack.sessions.step.run(feeds);
    } };
    const plain = await take(counted);
    const [plainRuns, windows] = [runs, emptyFed];
    expect(windows).toBe(2);
    runs = 0; emptyFed = 0;
    const wrapped = await take(withoutEmptyPast(counted, m.model.layers));
    expect([...wrapped.codes]).toEqual([...plain.codes]);
    expect(emptyFed).toBe(0);
    // each window's first step runs at most layers + 1 times (5 layers here), every other step once
    expect(runs - plainRuns).toBeGreaterThan(0);
    expect(runs - plainRuns).toBeLessThanOrEqual(windows * m.model.layers);
  });
});
