/**
 * onnxruntime-web behind the engine's session interface, for the generation worker (issue 12):
 * the same loop as the CLI, on WASM or WebGPU. Tensors cross as they are (CPU memory); keeping
 * the KV cache on the GPU (`preferredOutputLocation: 'gpu-buffer'`) is the worker's next step.
 */
import * as ort from 'onnxruntime-web';
import type { OpenSession } from '../engine/generate/session.ts';
import { adaptSession } from './adapt.ts';
import type { Backend } from '../engine/pack/manifest.ts';

export function webSessionOpener(backend: Backend): OpenSession {
  return async (bytes) => {
    const s = await ort.InferenceSession.create(bytes, { executionProviders: [backend], graphOptimizationLevel: 'all' });
    return adaptSession(s, (t) => new ort.Tensor(t.type, t.data, t.dims));
  };
}
