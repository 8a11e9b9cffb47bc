/**
 * onnxruntime-web behind the engine's session interface, for the generation worker (issue 12):
 * the same loop as the CLI, on WASM or WebGPU. Tensors cross as they are (CPU memory); keeping
 * the KV cache on the GPU (`preferredOutputLocation: 'gpu-buffer'`) is the worker's next step.
 */
import * as ort from 'onnxruntime-web';
import type { ModelSession, OpenSession, Tensor } from '../engine/generate/session.ts';
import type { Backend } from '../engine/pack/manifest.ts';

export function webSessionOpener(backend: Backend): OpenSession {
  return async (bytes) => {
    const s = await ort.InferenceSession.create(bytes, { executionProviders: [backend], graphOptimizationLevel: 'all' });
    const session: ModelSession = {
      inputNames: s.inputNames,
      outputNames: s.outputNames,
      async run(feeds) {
        const f: Record<string, ort.Tensor> = {};
        for (const [n, t] of Object.entries(feeds)) f[n] = new ort.Tensor(t.type, t.data, t.dims);
        return (await s.run(f)) as unknown as Record<string, Tensor>;
      },
    };
    return session;
  };
}
