/**
 * onnxruntime-web behind the engine's session interface, for the generation worker: the same
 * loop as the CLI, on WASM or WebGPU. Tensors cross as they are (CPU memory); keeping the KV cache
 * on the GPU (`preferredOutputLocation: 'gpu-buffer'`) is a next step.
 */
import * as ort from 'onnxruntime-web';
import type { OpenSession } from '../engine/generate/session.ts';
import { adaptSession } from './adapt.ts';
import type { Backend } from '../engine/pack/manifest.ts';

let configured = false;

/**
 * WASM threads need cross-origin isolation (vite.config.ts sends COOP/COEP); without it one
 * thread. Two at most: the page, the video and the audio need the other cores.
 */
function configure(): void {
  if (configured) return;
  configured = true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(2, cores - 1)) : 1;
}

export function webSessionOpener(backend: Backend): OpenSession {
  configure();
  return async (bytes) => {
    const s = await ort.InferenceSession.create(bytes, { executionProviders: [backend], graphOptimizationLevel: 'all' });
    return adaptSession(s, (t) => new ort.Tensor(t.type, t.data, t.dims));
  };
}

/** null when this browser has a WebGPU adapter, else why not (said on the page beside the backend). */
export async function webGpuMissing(): Promise<string | null> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return 'this browser has no WebGPU';
  try {
    return (await gpu.requestAdapter()) ? null : 'no WebGPU adapter (GPU blocked or absent)';
  } catch (e) {
    return `WebGPU adapter request failed (${e instanceof Error ? e.message : String(e)})`;
  }
}
