/**
 * A step session that never sees an empty KV cache. onnxruntime-web's WebGPU backend cannot bind a
 * zero-size tensor: the step at a window's start (past length 0) fails in `createBindGroup` with
 * "Required member is undefined", and the device is unusable after it. So the first step is given a
 * cache of one entry per layer — the step's own new key and value: each layer then attends over
 * [k, k] with values [v, v], softmax gives ½ and ½, and ½·v + ½·v = v, exactly what attending over
 * [k] alone gives (the step's position comes from its `step` input, not from the cache's length).
 * A layer's new key and value depend only on the layers below it, so runs settle one layer each: the
 * first (zeros) gets layer 0 right, and run L + 1 is fed every layer's own entries. It stops as soon as
 * a run returns what it was fed. Only the window's first step pays (at most layers + 1 runs).
 * A step that returns its whole cache (`present_*`, present-graph.ts) would return [k, k]: its
 * presents are then the new entries alone, as after a step over an empty cache — in CPU memory, so
 * the window's first step is the one whose cache is not on the GPU.
 */
import { f32, keep, type ModelSession, type Tensor } from './session.ts';

export function withoutEmptyPast(step: ModelSession, layers: number): ModelSession {
  return {
    inputNames: step.inputNames,
    outputNames: step.outputNames,
    async run(feeds, fetches) {
      const k0 = feeds['past_key.0'];
      if (!k0 || !k0.dims.includes(0)) return step.run(feeds, fetches);
      const wanted = fetches ?? step.outputNames;
      const news = Array.from({ length: layers }, (_, l) => [`new_key.${l}`, `new_value.${l}`]).flat();
      // every run's new entries, never its presents (device memory nobody would free)
      const asked = [...new Set([...wanted.filter((n) => !n.startsWith('present_')), ...news])];
      let past: Record<string, Tensor> = {};
      for (let l = 0; l < layers; l++) {
        for (const n of [`past_key.${l}`, `past_value.${l}`]) {
          const dims = feeds[n].dims.map((d) => (d === 0 ? 1 : d));
          past[n] = f32(new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
        }
      }
      for (let run = 1; ; run++) {
        const out = await step.run({ ...feeds, ...past }, asked);
        const own: Record<string, Tensor> = {};
        for (let l = 0; l < layers; l++) {
          own[`past_key.${l}`] = keep(out[`new_key.${l}`]);
          own[`past_value.${l}`] = keep(out[`new_value.${l}`]);
        }
        if (run > layers || Object.keys(own).every((n) => same(own[n], past[n]))) {
          for (let l = 0; l < layers; l++) {
            if (wanted.includes(`present_key.${l}`)) out[`present_key.${l}`] = own[`past_key.${l}`];
            if (wanted.includes(`present_value.${l}`)) out[`present_value.${l}`] = own[`past_value.${l}`];
          }
          return out;
        }
        past = own;
      }
    },
  };
}

/** Equal up to float rounding (a GPU may sum in another order from run to run). */
function same(a: Tensor, b: Tensor): boolean {
  const x = a.data as Float32Array, y = b.data as Float32Array;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i] - y[i]) > 1e-6 * (1 + Math.abs(y[i]))) return false;
  return true;
}
