/**
 * The pack's graphs chained in TypeScript on onnxruntime-node — encoders once, then the step token
 * by token with the engine's KV cache — against the torch full forward of the same model
 * (training/music/pack_golden.py): issue 11's parity check, from the engine's side.
 */
import { describe, expect, it } from 'vitest';
import { MusicDecoder } from '../../src/engine/generate/decoder.ts';
import { DelayPattern } from '../../src/engine/generate/delay.ts';
import { conditionFeeds, videoFeeds } from '../../src/engine/generate/inputs.ts';
import { golden, goldenControls, goldenFamilies, goldenVideo, loadTinyPack } from './tiny-pack.ts';

describe('tiny pack step with cache vs torch', () => {
  it('matches the golden logits of the guidance batch at the first steps and across window segments (fp32 step)', async () => {
    const pack = await loadTinyPack('webgpu'); // webgpu's variant is the fp32 step; CPU runs it here
    const m = pack.manifest, T = golden.inputs.frames;
    const decoder = await MusicDecoder.open(m, pack.sessions, videoFeeds(m, goldenVideo(), 0, T),
      conditionFeeds(m, goldenControls(), goldenFamilies(), 0, T), T);
    const p = new DelayPattern();
    const S = p.steps(T);
    const inputs = p.shiftIn(Int32Array.from(golden.sequence.flat()), S);
    let worst = 0;
    const at: number[] = golden.at;
    for (let s = 0; s <= at[at.length - 1]; s++) {
      const scores = await decoder.step(Int32Array.from({ length: 4 }, (_, k) => inputs[k * S + s]));
      const i = at.indexOf(s);
      if (i < 0) continue;
      for (let b = 0; b < 2; b++) {
        for (let k = 0; k < 4; k++) {
          const want = golden.steps[i][b][k];
          const row = scores.data.subarray((b * 4 + k) * 2048, (b * 4 + k + 1) * 2048);
          let max = -Infinity, arg = 0, sum = 0;
          for (let i = 0; i < row.length; i++) if (row[i] > max) { max = row[i]; arg = i; }
          for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
          const got = [max, max + Math.log(sum), ...golden.probes.map((i: number) => row[i])];
          const ref = [want.max, want.lse, ...want.probes];
          for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref[i]) / Math.max(1, Math.abs(ref[i])));
          expect(arg, `step ${s} row ${b} codebook ${k}`).toBe(want.argmax);
        }
      }
    }
    expect(worst).toBeLessThan(1e-4);
    expect(decoder.steps).toBe(S); // the whole clip, the delay pattern's tail included
    // the conditions reach the logits: the conditioned and unconditioned rows differ
    expect(golden.steps[3][0][0].max).not.toBeCloseTo(golden.steps[3][1][0].max, 3);
  });
});
