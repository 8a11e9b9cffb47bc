/**
 * onnxruntime-web behind the engine's session interface, for the generation worker: the same
 * loop as the CLI, on WASM or WebGPU. Each backend loads its own build: WASM the plain one, WebGPU
 * the JSEP one (its WebAssembly is instrumented for asynchronous GPU calls, which costs the CPU
 * path), so a page without WebGPU never pays for it. Tensors cross as they are; on WebGPU the outputs
 * the loader names `onDevice` (the KV cache's presents) stay in GPU buffers
 * (`preferredOutputLocation: 'gpu-buffer'`) and go back in as the next run's past, the rest (logits)
 * come to the CPU.
 */
import type * as Ort from 'onnxruntime-web';
import type { OpenSession } from '../engine/generate/session.ts';
import { adaptSession } from './adapt.ts';
import type { Backend } from '../engine/pack/manifest.ts';

const builds: Partial<Record<Backend, Promise<typeof Ort>>> = {};

function runtime(backend: Backend): Promise<typeof Ort> {
  builds[backend] ??= (backend === 'webgpu' ? import('onnxruntime-web/webgpu') : import('onnxruntime-web/wasm')).then((ort) => {
    // WASM threads need cross-origin isolation (vite.config.ts sends COOP/COEP); without it one
    // thread. Two at most: the page, the video and the audio need the other cores.
    const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
    ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(2, cores - 1)) : 1;
    return ort as typeof Ort;
  });
  return builds[backend]!;
}

export function webSessionOpener(backend: Backend): OpenSession {
  return async (bytes, _name, onDevice) => {
    const ort = await runtime(backend);
    const kept = backend === 'webgpu' && onDevice?.length ? Object.fromEntries(onDevice.map((n) => [n, 'gpu-buffer' as const])) : undefined;
    const s = await ort.InferenceSession.create(bytes, { executionProviders: [backend], graphOptimizationLevel: 'all', ...(kept ? { preferredOutputLocation: kept } : {}) });
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
