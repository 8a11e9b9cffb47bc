/**
 * The pack's graphs chained in TypeScript on onnxruntime-node — encoders once, then the step token
 * by token with the engine's KV cache — against the torch full forward of the same model
 * (training/music/pack_golden.py): issue 11's parity check, from the engine's side.
 */
import { describe, expect, it } from 'vitest';
import { MusicDecoder } from '../../src/engine/generate/decoder.ts';
import { DelayPattern } from '../../src/engine/generate/delay.ts';
import { conditionFeeds, videoFeeds } from '../../src/engine/generate/inputs.ts';
import { golden, goldenControls, goldenFamilies, goldenVideo, INTEG_PACK, integGolden, loadTinyPack, TINY_PACK } from './tiny-pack.ts';

/** Runs the step teacher-forced over the golden sequence; calls `check` at the golden's steps. */
async function teacherForced(backend: 'wasm' | 'webgpu', check: (i: number, row: (b: number, k: number) => Float32Array) => void,
  which: typeof TINY_PACK | typeof INTEG_PACK = TINY_PACK) {
  const pack = await loadTinyPack(backend, which);
  const m = pack.manifest, T = golden.inputs.frames;
  const decoder = await MusicDecoder.open(m, pack.sessions, videoFeeds(m, goldenVideo(), 0, T),
    conditionFeeds(m, goldenControls(), goldenFamilies(), 0, T), T);
  const p = new DelayPattern();
  const S = p.steps(T);
  const inputs = p.shiftIn(Int32Array.from(golden.sequence.flat()), S);
  const at: number[] = golden.at;
  for (let s = 0; s <= at[at.length - 1]; s++) {
    const scores = await decoder.step(Int32Array.from({ length: 4 }, (_, k) => inputs[k * S + s]));
    if (at.includes(s)) check(at.indexOf(s), (b, k) => scores.data.subarray((b * 4 + k) * 2048, (b * 4 + k + 1) * 2048));
  }
  return decoder;
}

describe('tiny pack step with cache vs torch', () => {
  it('int8 step (the WASM variant) agrees with torch on the argmax code at ≥ 90 % of the golden slots', async () => {
    let same = 0, all = 0;
    await teacherForced('wasm', (i, row) => {
      for (let b = 0; b < 2; b++) for (let k = 0; k < 4; k++) {
        const r = row(b, k);
        let arg = 0;
        for (let j = 1; j < r.length; j++) if (r[j] > r[arg]) arg = j;
        same += arg === golden.steps[i][b][k].argmax ? 1 : 0;
        all++;
      }
    });
    console.log(`int8 vs torch argmax agreement: ${same} / ${all}`);
    expect(same / all).toBeGreaterThanOrEqual(0.9);
  });

  it('matches the golden logits of the guidance batch at the first steps and across window segments (fp32 step)', async () => {
    let worst = 0;
    // webgpu's variant is the fp32 step; the CPU runs it here
    const decoder = await teacherForced('webgpu', (i, row) => {
      for (let b = 0; b < 2; b++) {
        for (let k = 0; k < 4; k++) {
          const want = golden.steps[i][b][k], r = row(b, k);
          let max = -Infinity, arg = 0, sum = 0;
          for (let j = 0; j < r.length; j++) if (r[j] > max) { max = r[j]; arg = j; }
          for (let j = 0; j < r.length; j++) sum += Math.exp(r[j] - max);
          const got = [max, max + Math.log(sum), ...golden.probes.map((j: number) => r[j])];
          const ref = [want.max, want.lse, ...want.probes];
          for (let j = 0; j < ref.length; j++) worst = Math.max(worst, Math.abs(got[j] - ref[j]) / Math.max(1, Math.abs(ref[j])));
          expect(arg, `step ${golden.at[i]} row ${b} codebook ${k}`).toBe(want.argmax);
        }
      }
    });
    console.log(`fp32 step vs torch: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    expect(decoder.steps).toBe(golden.at[golden.at.length - 1] + 1);
    // the conditions reach the logits: the conditioned and unconditioned rows differ
    expect(golden.steps[3][0][0].max).not.toBeCloseTo(golden.steps[3][1][0].max, 3);
  });

  it('a pack with integrated inputs: the decoder carries the step\'s integ state, and the fp32 step matches its torch golden', async () => {
    // the same tiny model and golden inputs as the plain pack (write_golden's fixed draws), so its
    // golden logits differing from the plain pack's shows the state reaches them
    expect(integGolden.inputs.frames).toBe(golden.inputs.frames);
    let worst = 0, differs = 0;
    const decoder = await teacherForced('webgpu', (i, row) => {
      for (let b = 0; b < 2; b++) {
        for (let k = 0; k < 4; k++) {
          const want = integGolden.steps[i][b][k], r = row(b, k);
          let max = -Infinity, arg = 0;
          for (let j = 0; j < r.length; j++) if (r[j] > max) { max = r[j]; arg = j; }
          const got = [max, ...integGolden.probes.map((j: number) => r[j])], ref = [want.max, ...want.probes];
          for (let j = 0; j < ref.length; j++) worst = Math.max(worst, Math.abs(got[j] - ref[j]) / Math.max(1, Math.abs(ref[j])));
          differs = Math.max(differs, Math.abs(want.max - golden.steps[i][b][k].max));
          expect(arg, `step ${integGolden.at[i]} row ${b} codebook ${k}`).toBe(want.argmax);
        }
      }
    }, INTEG_PACK);
    console.log(`integrated-inputs pack, fp32 step vs torch: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    expect(differs).toBeGreaterThan(1e-2);
    expect(decoder.steps).toBe(integGolden.at[integGolden.at.length - 1] + 1);
  });
});
